package dev.fleetroll.rollout.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with a plan, as {@code field: reason} lines (fields spelled as in the YAML), so the
 * CLI can reject it before anything is touched. Files and hosts are checked by the loader.
 */
public final class PlanValidator {

  /** Names go into workflow ids and the Web UI: short, lower-case, no spaces. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  public static final int MAX_IN_FLIGHT = 100;
  public static final int MAX_CANARY = 1000;
  /** Taskcluster keeps a worker's 20 most recent tasks: a host can never show more in the window. */
  public static final int MAX_JOBS_PER_HOST = 20;
  public static final Duration MIN_GATE_WINDOW = Duration.ofMinutes(10);
  public static final Duration MAX_GATE_WINDOW = Duration.ofDays(7);
  public static final Duration MAX_SOAK = Duration.ofDays(7);

  private PlanValidator() {}

  public static List<String> problems(RolloutPlan plan) {
    List<String> problems = new ArrayList<>();
    if (plan.name() == null || plan.name().isBlank()) {
      problems.add("name: missing (a short name for the rollout, e.g. pin-branch-x)");
    } else if (!NAME.matcher(plan.name()).matches()) {
      problems.add("name: '" + plan.name() + "' must be 1-40 lower-case letters, digits and '-', starting and ending"
          + " with a letter or digit");
    }
    if (plan.override() == null || plan.override().isBlank()) {
      problems.add("override: missing (the override file to roll out, relative to the plan)");
    }
    if (plan.targets() == null || plan.targets().isEmpty()) {
      problems.add("targets: missing (host names and host-list files)");
    } else {
      blankEntries("targets", plan.targets(), problems);
    }
    if (plan.exclude() != null) {
      blankEntries("exclude", plan.exclude(), problems);
    }
    RolloutPlan p = plan.withDefaults();
    StagePolicy stages = p.stages();
    if (stages.canary() < 1 || stages.canary() > MAX_CANARY) {
      problems.add("stages.canary: " + stages.canary() + " must be between 1 and " + MAX_CANARY);
    }
    if (stages.batches().isEmpty()) {
      problems.add("stages.batches: empty (give at least one batch size, e.g. [\"100%\"])");
    }
    for (int i = 0; i < stages.batches().size(); i++) {
      try {
        BatchSize.parse(stages.batches().get(i));
      } catch (IllegalArgumentException e) {
        problems.add("stages.batches[" + i + "]: " + e.getMessage());
      }
    }
    if (p.maxInFlight() < 1 || p.maxInFlight() > MAX_IN_FLIGHT) {
      problems.add("max_in_flight: " + p.maxInFlight() + " must be between 1 and " + MAX_IN_FLIGHT);
    }
    atLeast("drain.deadline", p.drain().deadline(), Duration.ofSeconds(1), problems);
    if (p.health().tasks() < 0 || p.health().tasks() > 100) {
      problems.add("health.tasks: " + p.health().tasks() + " must be between 0 (no check) and 100");
    }
    if (p.health().maxFailedTasks() < 0) {
      problems.add("health.max_failed_tasks: " + p.health().maxFailedTasks() + " must not be negative");
    }
    atLeast("health.deadline", p.health().deadline(), Duration.ofSeconds(1), problems);
    atLeast("timeouts.command", p.timeouts().command(), Duration.ofSeconds(5), problems);
    atLeast("timeouts.puppet", p.timeouts().puppet(), Duration.ofSeconds(10), problems);
    atLeast("timeouts.poll", p.timeouts().poll(), Duration.ofSeconds(1), problems);
    if (p.timeouts().poll().compareTo(Duration.ofMinutes(10)) > 0) {
      problems.add("timeouts.poll: " + human(p.timeouts().poll()) + " is too long to notice a change in time (at most 10m)");
    }
    gates(p.gates(), problems);
    return problems;
  }

  private static void gates(GatePolicy g, List<String> problems) {
    if (g.minJobsPerHost() < 0 || g.minJobsPerHost() > MAX_JOBS_PER_HOST) {
      problems.add("gates.min_jobs_per_host: " + g.minJobsPerHost() + " must be between 0 (off) and "
          + MAX_JOBS_PER_HOST + " (Taskcluster keeps only a worker's 20 most recent tasks)");
    }
    if (g.minJobsTotal() < 0) {
      problems.add("gates.min_jobs_total: " + g.minJobsTotal() + " must not be negative");
    }
    between("gates.min_hosts_with_jobs_fraction", g.minHostsWithJobsFraction(), 1, "a fraction", problems);
    between("gates.success_rate_min", g.successRateMin(), 1, "a fraction", problems);
    between("gates.success_rate_drop_max", g.successRateDropMax(), 1, "a fraction", problems);
    between("gates.online_drop_max_pct", g.onlineDropMaxPct(), 100, "percentage points", problems);
    between("gates.sshable_min_pct", g.sshableMinPct(), 100, "a percentage", problems);
    if (g.maxFailedHosts().infrastructure() < 0) {
      problems.add("gates.max_failed_hosts.infrastructure: " + g.maxFailedHosts().infrastructure()
          + " must not be negative");
    }
    if (g.maxFailedHosts().change() < 0) {
      problems.add("gates.max_failed_hosts.change: " + g.maxFailedHosts().change() + " must not be negative");
    }
    if (g.window().compareTo(MIN_GATE_WINDOW) < 0 || g.window().compareTo(MAX_GATE_WINDOW) > 0) {
      problems.add("gates.window: " + human(g.window()) + " must be between " + human(MIN_GATE_WINDOW) + " and "
          + human(MAX_GATE_WINDOW) + " (enough for tasks to finish, recent enough to be about this change)");
    }
    if (g.soak().isNegative() || g.soak().compareTo(MAX_SOAK) > 0) {
      problems.add("gates.soak: " + human(g.soak()) + " must be between 0s and " + human(MAX_SOAK));
    }
  }

  /** {@code value} in 0..max; NaN (YAML's .nan) fails too. */
  private static void between(String field, double value, double max, String what, List<String> problems) {
    if (!(value >= 0 && value <= max)) {
      problems.add(field + ": " + number(value) + " must be between 0 and " + number(max) + " (" + what + ")");
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static void blankEntries(String field, List<String> values, List<String> problems) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null || values.get(i).isBlank()) {
        problems.add(field + "[" + i + "]: empty entry");
      }
    }
  }

  private static void atLeast(String field, Duration value, Duration minimum, List<String> problems) {
    if (value.compareTo(minimum) < 0) {
      problems.add(field + ": " + human(value) + " is shorter than " + human(minimum));
    }
  }

  static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    long s = d.toSeconds();
    if (s == 0 && !d.isZero()) {
      return d.toMillis() + "ms";
    }
    return s % 86400 == 0 && s > 0 ? s / 86400 + "d" : s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
  }
}
