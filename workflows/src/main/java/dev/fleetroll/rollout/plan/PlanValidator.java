package dev.fleetroll.rollout.plan;

import dev.fleetroll.HostName;
import dev.fleetroll.rollout.schedule.MaintenanceWindow;
import dev.fleetroll.rollout.schedule.PlanFreeze;
import dev.fleetroll.rollout.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with a plan, field by field (fields spelled as in the YAML), so the CLI can reject it
 * before anything is touched. Every bound here is also in specs/rollout-plan.schema.json (a test holds
 * the two to the same verdicts). Files and hosts are checked by the loader.
 */
public final class PlanValidator {

  /** Names go into workflow ids and the Web UI: short, lower-case, no spaces. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
  /** A batch: 1 to 1000 hosts, or 1% to 100% of the hosts not yet in a stage. */
  public static final Pattern BATCH = Pattern.compile("([1-9][0-9]{0,2}|1000)|([1-9][0-9]?|100)%");
  public static final int MAX_IN_FLIGHT = 100;
  public static final int MAX_CANARY = 1000;
  /** More tasks or failed hosts than a fleet of 5,000 hosts can show (20 tasks each): no limit at all. */
  public static final int MAX_COUNT = 100_000;
  /** Taskcluster keeps a worker's 20 most recent tasks: a host can never show more in the window. */
  public static final int MAX_JOBS_PER_HOST = 20;
  public static final Duration MIN_GATE_WINDOW = Duration.ofMinutes(10);
  public static final Duration MAX_GATE_WINDOW = Duration.ofDays(7);
  public static final Duration MAX_SOAK = Duration.ofDays(7);
  /** A Taskcluster task's deadline is at most 5 days after its creation: no task runs longer. */
  public static final Duration MAX_DRAIN = Duration.ofDays(5);
  public static final Duration MAX_HEALTH = Duration.ofDays(7);
  /** One SSH command or Taskcluster call: one taking longer is hung, and its retries would wait on it. */
  public static final Duration MAX_COMMAND = Duration.ofHours(1);
  /** Puppet runs take minutes and a reboot a few more; a day without a report is a dead host. */
  public static final Duration MAX_PUPPET = Duration.ofDays(1);
  public static final Duration MAX_POLL = Duration.ofMinutes(10);
  /** A backlog no pool reaches: beyond it the limit would never hold a host. */
  public static final double MAX_PENDING_PER_WORKER = 10_000;

  private PlanValidator() {}

  /** One problem: the field, as in the YAML ({@code stages.batches[1]}), and what is wrong with it. */
  public record Problem(String field, String reason) {
    @Override
    public String toString() {
      return field + ": " + reason;
    }
  }

  public static List<Problem> problems(RolloutPlan plan) {
    List<Problem> problems = new ArrayList<>();
    if (plan.name() == null || plan.name().isBlank()) {
      problems.add(new Problem("name", "missing (a short name for the rollout, e.g. pin-branch-x)"));
    } else if (!NAME.matcher(plan.name()).matches()) {
      problems.add(new Problem("name", "'" + HostName.printable(plan.name()) + "' must be 1-40 lower-case letters,"
          + " digits and '-', starting and ending with a letter or digit"));
    }
    if (plan.override() == null || plan.override().isBlank()) {
      problems.add(new Problem("override", "missing (the override file to roll out, relative to the plan)"));
    }
    if (plan.targets() == null || plan.targets().isEmpty()) {
      problems.add(new Problem("targets", "missing (host names and host-list files)"));
    } else {
      hostEntries("targets", plan.targets(), problems);
    }
    if (plan.exclude() != null && plan.exclude().isEmpty()) {
      problems.add(new Problem("exclude", "empty (leave the field out to exclude nothing)"));
    } else if (plan.exclude() != null) {
      hostEntries("exclude", plan.exclude(), problems);
    }
    RolloutPlan p = plan.withDefaults();
    StagePolicy stages = p.stages();
    if (stages.canary().picked()) {
      picked("stages.canary", stages.canary(), problems);
    } else {
      count("stages.canary", stages.canary().count(), 1, MAX_CANARY, "", problems);
    }
    if (stages.batches().isEmpty()) {
      problems.add(new Problem("stages.batches", "empty (give at least one batch size, e.g. [\"100%\"])"));
    }
    for (int i = 0; i < stages.batches().size(); i++) {
      StagePick batch = stages.batches().get(i);
      String field = "stages.batches[" + i + "]";
      if (batch == null) {
        problems.add(new Problem(field, "empty entry"));
      } else if (batch.picked()) {
        picked(field, batch, problems);
      } else if (!BATCH.matcher(batch.size()).matches()) {
        problems.add(new Problem(field, "'" + HostName.printable(batch.size()) + "' is neither a number of hosts"
            + " (1 to 1000) nor a percentage (1% to 100%)"));
      }
    }
    count("max_in_flight", p.maxInFlight(), 1, MAX_IN_FLIGHT, "", problems);
    within("drain.deadline", p.drain().deadline(), Duration.ofSeconds(1), MAX_DRAIN, problems);
    count("health.tasks", p.health().tasks(), 0, 100, " (0: no check)", problems);
    count("health.max_failed_tasks", p.health().maxFailedTasks(), 0, 100, "", problems);
    within("health.deadline", p.health().deadline(), Duration.ofSeconds(1), MAX_HEALTH, problems);
    within("timeouts.command", p.timeouts().command(), Duration.ofSeconds(5), MAX_COMMAND, problems);
    within("timeouts.puppet", p.timeouts().puppet(), Duration.ofSeconds(10), MAX_PUPPET, problems);
    within("timeouts.poll", p.timeouts().poll(), Duration.ofSeconds(1), MAX_POLL, problems);
    gates(p.gates(), problems);
    schedule(p.schedule(), problems);
    count("capacity.min_available_pct", p.capacity().minAvailablePct(), 0, 99,
        " (percent of a pool's workers kept active and unquarantined)", problems);
    Double pending = p.capacity().maxPendingPerWorker();
    if (pending != null) {
      between("capacity.max_pending_per_worker", pending, MAX_PENDING_PER_WORKER, "pending tasks per available worker",
          problems);
    }
    return problems;
  }

  private static void gates(GatePolicy g, List<Problem> problems) {
    count("gates.min_jobs_per_host", g.minJobsPerHost(), 0, MAX_JOBS_PER_HOST,
        " (0: off; Taskcluster keeps only a worker's 20 most recent tasks)", problems);
    count("gates.min_jobs_total", g.minJobsTotal(), 0, MAX_COUNT, "", problems);
    between("gates.min_hosts_with_jobs_fraction", g.minHostsWithJobsFraction(), 1, "a fraction", problems);
    between("gates.success_rate_min", g.successRateMin(), 1, "a fraction", problems);
    between("gates.success_rate_drop_max", g.successRateDropMax(), 1, "a fraction", problems);
    between("gates.online_drop_max_pct", g.onlineDropMaxPct(), 100, "percentage points", problems);
    between("gates.sshable_min_pct", g.sshableMinPct(), 100, "a percentage", problems);
    count("gates.max_failed_hosts.infrastructure", g.maxFailedHosts().infrastructure(), 0, MAX_COUNT, "", problems);
    count("gates.max_failed_hosts.change", g.maxFailedHosts().change(), 0, MAX_COUNT, "", problems);
    if (g.window().compareTo(MIN_GATE_WINDOW) < 0 || g.window().compareTo(MAX_GATE_WINDOW) > 0) {
      problems.add(new Problem("gates.window", human(g.window()) + " must be between " + human(MIN_GATE_WINDOW) + " and "
          + human(MAX_GATE_WINDOW) + " (enough for tasks to finish, recent enough to be about this change)"));
    }
    within("gates.soak", g.soak(), Duration.ZERO, MAX_SOAK, problems);
  }

  private static void schedule(Schedule s, List<Problem> problems) {
    entries("schedule.windows", s.windows(), MaintenanceWindow::problems, problems);
    entries("schedule.freezes", s.freezes(), PlanFreeze::problems, problems);
  }

  /** Each entry's problems, as {field suffix, reason} pairs, under {@code field[i].}. */
  private static <T> void entries(String field, List<T> entries, java.util.function.Function<T, List<String[]>> check,
      List<Problem> problems) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) == null) {
        problems.add(new Problem(field + "[" + i + "]", "empty entry"));
        continue;
      }
      for (String[] p : check.apply(entries.get(i))) {
        problems.add(new Problem(field + "[" + i + "]." + p[0], p[1]));
      }
    }
  }

  /**
   * Each entry is a host-list file (ends in {@code .list} or contains {@code /}) or a host name
   * ({@link HostName}): which one is decided by the text alone, as the schema does.
   */
  private static void hostEntries(String field, List<String> values, List<Problem> problems) {
    for (int i = 0; i < values.size(); i++) {
      String entry = values.get(i);
      String at = field + "[" + i + "]";
      if (entry == null || entry.isBlank()) {
        problems.add(new Problem(at, "empty entry"));
      } else if (!isList(entry)) {
        String problem = HostName.problem(entry);
        if (problem != null) {
          problems.add(new Problem(at, problem + (entry.contains("@") ? ""
              : entry.contains(",") ? " (name several hosts as a YAML list: [a, b])"
              : " (a host-list file ends in .list or contains /)")));
        }
      }
    }
  }

  /** Hand-picked hosts: a host-list file (read by the loader) or host names, not files, each a valid name. */
  private static void picked(String field, StagePick pick, List<Problem> problems) {
    if (pick.hosts() == null) {
      return;
    }
    for (int i = 0; i < pick.hosts().size(); i++) {
      String entry = pick.hosts().get(i);
      String at = field + "[" + i + "]";
      if (entry.isBlank()) {
        problems.add(new Problem(at, "empty entry"));
      } else if (isList(entry)) {
        problems.add(new Problem(at, "'" + HostName.printable(entry) + "': a host-list file stands alone"
            + " (" + field + ": " + HostName.printable(entry) + "), not inside a list of host names"));
      } else if (HostName.problem(entry) != null) {
        problems.add(new Problem(at, HostName.problem(entry)));
      }
    }
  }

  /** A plan entry naming a host-list file rather than a host. */
  public static boolean isList(String entry) {
    return entry.endsWith(".list") || entry.contains("/");
  }

  private static void count(String field, int value, int min, int max, String note, List<Problem> problems) {
    if (value < min || value > max) {
      problems.add(new Problem(field, value + " must be between " + min + " and " + max + note));
    }
  }

  /** {@code value} in 0..max; NaN (YAML's .nan) fails too. */
  private static void between(String field, double value, double max, String what, List<Problem> problems) {
    if (!(value >= 0 && value <= max)) {
      problems.add(new Problem(field, number(value) + " must be between 0 and " + number(max) + " (" + what + ")"));
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static void within(String field, Duration value, Duration min, Duration max, List<Problem> problems) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      problems.add(new Problem(field, human(value) + " must be between " + human(min) + " and " + human(max)));
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
