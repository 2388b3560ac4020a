package dev.fleetroll.cli.rollout;

import dev.fleetroll.Durations;
import dev.fleetroll.cli.Style;
import dev.fleetroll.rollout.Exclusion;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.StageProgress;
import dev.fleetroll.rollout.finalize.FinalizeHostRecord;
import dev.fleetroll.rollout.finalize.FinalizeProgress;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.host.HostSummary;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.rollout.schedule.Schedule;
import dev.fleetroll.rollout.schedule.StartHold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The text of {@code rollout status}, {@code watch} and {@code plan}: one place for how a rollout looks. */
final class StatusView {

  private final Style style;

  StatusView(Style style) {
    this.style = style;
  }

  String status(RolloutProgress p, Map<String, RolloutClient.Live> live, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(style.bold("Rollout " + p.id())).append("  ").append(p.name()).append(" · override ")
        .append(p.overrideName()).append(" (").append(p.overrideSha(), 0, 12).append(") · by ").append(p.actor()).append('\n');
    StageProgress stage = p.currentStage();
    out.append(String.format("%-9s %s", "State", state(p.status())));
    if (stage != null) {
      out.append(" · ").append(stage.name()).append(" (stage ").append(stage.index() + 1).append(" of ")
          .append(p.stages().size()).append(")");
    }
    if (p.startedAt() != null) {
      out.append(" · started ").append(Durations.elapsed(Duration.between(p.startedAt(), now))).append(" ago");
    }
    if (p.eta() != null && !p.status().finished()) {
      out.append(" · ETA ~").append(Durations.elapsed(p.eta()));
    }
    out.append('\n');
    out.append(String.format("%-9s %s %d/%d done", "Hosts", bar(p.succeeded() + p.failed(), p.total(), 30),
        p.succeeded(), p.total()));
    if (p.failed() > 0) {
      out.append(" · ").append(style.bad(p.failed() + " failed"));
    }
    out.append(" · ").append(p.inFlight()).append(" in flight · ").append(p.pending()).append(" pending");
    if (p.excluded() > 0) {
      out.append(" · ").append(p.excluded()).append(" excluded");
    }
    out.append('\n');
    if (p.status() == RolloutStatus.PAUSED) {
      String why = p.decisions().stream().filter(d -> d.kind().equals("pause")).reduce((a, b) -> b)
          .map(d -> d.reason()).orElse(null);
      out.append(style.warn("Paused")).append(" by ").append(p.pausedBy()).append(why == null ? "" : " (" + why + ")")
          .append(": no new host starts; 'fleetroll rollout resume ").append(p.id()).append("' goes on.\n");
    }
    if (p.heldBy() != null && !p.status().finished()) {
      out.append(style.warn("Held")).append(": ").append(p.heldBy()).append("; hosts in flight finish, no new host starts."
          + " 'fleetroll rollout advance ").append(p.id()).append(" --force --reason TEXT' starts this stage's hosts anyway.\n");
    }
    boolean last = p.stageIndex() >= p.stages().size() - 1;
    if (p.status() == RolloutStatus.PAUSED_ON_GATE) {
      out.append(style.bad("Paused on a failing gate")).append(" since ").append(Durations.elapsed(Duration.between(p.waitingSince(), now)))
          .append(": 'fleetroll rollout advance ").append(p.id()).append(" --force --reason TEXT' ")
          .append(last ? "ends the rollout anyway" : "advances anyway").append(".\n");
    }
    if (p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT) {
      if (p.autoAdvanceAt() != null) {
        out.append(style.warn("Soaking")).append(": ").append(last ? "the rollout ends" : "the next stage starts")
            .append(" by itself in ").append(Durations.elapsed(Duration.between(now, p.autoAdvanceAt()))).append(" if the gates hold.\n");
      } else {
        out.append(style.warn("Waiting for assessment")).append(" since ").append(Durations.elapsed(Duration.between(p.waitingSince(), now)))
            .append(": 'fleetroll rollout advance ").append(p.id()).append("' ")
            .append(last ? "ends the rollout" : "starts the next stage").append(".\n");
      }
    }
    if (last && (p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT || p.status() == RolloutStatus.PAUSED_ON_GATE)) {
      out.append("The last stage waits because ").append(p.failed()).append(" host(s) failed: 'fleetroll rollout retry ")
          .append(p.id()).append(" HOST' tries one again, 'fleetroll rollout abort ").append(p.id())
          .append(" --mode rollback --reason TEXT' reverts every host it touched.\n");
    }
    if (p.heldBack() != null && !p.heldBack().isEmpty() && !p.status().finished()) {
      out.append(style.warn("Held back by pool capacity")).append(": ").append(String.join("; ", p.heldBack())).append('\n');
    }
    gates(out, p.gates(), now);
    out.append("\nStages\n");
    for (StageProgress s : p.stages()) {
      out.append(String.format("  %-9s %2d/%-3d done%s%s%s%n", s.name(), s.succeeded(), s.hosts(),
          s.failed() > 0 ? " · " + s.failed() + " failed" : "", s.inFlight() > 0 ? " · " + s.inFlight() + " in flight" : "",
          s.index() == p.stageIndex() && !p.status().finished() ? "  ◀" : ""));
    }
    out.append('\n').append(String.format("%-46s %-8s %-12s %-14s %-8s %s%n", "HOST", "STAGE", "STATE", "STEP", "IN STEP",
        "LAST ERROR / EVIDENCE"));
    for (HostRecord h : p.hosts()) {
      RolloutClient.Live l = live.get(h.host());
      String stageName = h.stage() >= 0 && h.stage() < p.stages().size() ? p.stages().get(h.stage()).name() : "-";
      String step;
      String inStep = "-";
      String detail;
      if (l != null && h.status() == HostStatus.IN_FLIGHT) {
        step = l.progress().step().code();
        inStep = l.progress().stepSince() == null ? "-" : Durations.elapsed(Duration.between(l.progress().stepSince(), now));
        detail = l.waitingFor() != null ? l.waitingFor() : "";
      } else {
        step = HostSummary.step(h);
        detail = HostSummary.evidence(h);
      }
      out.append(String.format("%-46s %-8s %-12s %-14s %-8s %s%n", h.host(), stageName, hostState(h.status()), step, inStep,
          detail));
    }
    return out.toString();
  }

  /** Every gate of the latest report: verdict, value against threshold, and the evaluator's one line. */
  private void gates(StringBuilder out, GateReport report, Instant now) {
    if (report == null) {
      return;
    }
    out.append("\nGates    ").append(report.passed() ? style.good("pass") : style.bad("FAIL")).append(" (judged ")
        .append(Durations.elapsed(Duration.between(report.at(), now))).append(" ago)\n");
    for (GateResult r : report.results()) {
      String mark = r.verdict() == GateVerdict.PASS ? style.good("✓") : r.blocking() ? style.bad("✗") : style.warn("?");
      out.append(String.format("  %s %-34s %-8s %9s %-2s %-9s %s%n", mark, r.gate(), r.verdict().code(), measured(r.value()),
          "vs", measured(r.threshold()), r.detail() == null ? "" : r.detail()));
    }
  }

  /** The verdict in a few words, for the audit log and one-line outputs. */
  /** A finalize: its state, how many hosts are reverted, the observation and its last gate report. */
  String finalize(FinalizeProgress p, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-9s %s%n", "Finalize", p.id() + " of " + p.rolloutId()));
    out.append(String.format("%-9s %s%n", "State", p.status().code().replace('-', ' ')));
    out.append(String.format("%-9s %s %d/%d reverted, %d failed, %d in flight%n", "Hosts", bar(p.reverted(), p.total(), 20),
        p.reverted(), p.total(), p.failed(), p.inFlight()));
    if (p.observeUntil() != null) {
      out.append(String.format("%-9s until %s (%d checks)%n", "Observe", p.observeUntil(), p.checks()));
    }
    if (p.lastReport() != null) {
      gates(out, p.lastReport(), now);
    }
    for (FinalizeHostRecord h : p.hosts()) {
      String why = h.outcome() != null && h.outcome().failure() != null ? h.outcome().failure().toString()
          : h.note() != null ? h.note() : "";
      out.append(String.format("%-46s %-12s %s%n", h.host(), h.status().name().toLowerCase(java.util.Locale.ROOT), why));
    }
    return out.toString();
  }

  static String gateVerdict(GateReport report) {
    if (report == null) {
      return "not judged yet";
    }
    return report.passed() ? "pass" : "fail: " + String.join(", ", report.blocking().stream().map(GateResult::gate).toList());
  }

  private static String measured(Double value) {
    if (value == null) {
      return "-";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf(value.longValue())
        : String.format(Locale.ROOT, "%.2f", value);
  }

  String plan(PlanCheck check, Instant now) {
    PlanFile plan = check.plan();
    DryRun dry = check.dryRun();
    String sha = check.sha();
    String overrideName = check.overrideName();
    StringBuilder out = new StringBuilder();
    var p = plan.plan();
    out.append(style.bold("Plan " + p.name())).append(" (").append(plan.file()).append(")\n");
    out.append(String.format("%-10s %s (%s) from %s%n", "Override", overrideName, sha.substring(0, 12), p.override()));
    out.append(String.format("%-10s %d targets: %d to roll out, %d blocked, %d excluded%n", "Hosts",
        plan.targets().size() + plan.excluded().size(), dry.targets().size(), dry.blocked().size(), dry.excluded().size()));
    out.append(String.format("%nStages (max %d in flight; converge linux=%s macos=%s; drain %s then %s; health %d task(s) in %s;"
        + " advance %s):%n", p.maxInFlight(), p.converge().linux().code(), p.converge().macos().code(),
        Durations.elapsed(p.drain().deadline()), p.drain().onDeadline().code(), p.health().tasks(), Durations.elapsed(p.health().deadline()),
        p.advance().code()));
    for (Stage s : dry.stages()) {
      out.append(String.format("  %-8s %3d  %s%s%n", s.name(), s.hosts().size(), abbreviate(s.hosts()),
          pickedFrom(s, plan.pickedFrom())));
    }
    out.append(String.format("%nGates %s%n", gates(p.gates())));
    out.append(String.format("Capacity each pool keeps %d%% of its workers available%s%n", p.capacity().minAvailablePct(),
        p.capacity().maxPendingPerWorker() == null ? "" : "; no new host while more than "
            + number(p.capacity().maxPendingPerWorker()) + " pending tasks per available worker"));
    if (!dry.blocked().isEmpty()) {
      out.append('\n').append(style.bad("Blocked")).append(" (the start refuses until they are excluded or their override"
          + " is removed):\n");
      for (Exclusion e : dry.blocked()) {
        out.append(String.format("  %-46s %s%n", e.host(), e.reason()));
      }
    }
    if (!dry.excluded().isEmpty()) {
      out.append('\n').append(style.warn("Excluded")).append(":\n");
      for (Exclusion e : dry.excluded()) {
        out.append(String.format("  %-46s %s%n", e.host(), e.reason()));
      }
    }
    DryRun.Estimate e = dry.perHost();
    out.append(String.format("%nExpected duration ≈ %s (per host ≈ %s: drain %s, converge and Puppet %s, health %s),"
        + " plus the waits for assessment between stages.%n", Durations.elapsed(dry.total()), Durations.elapsed(e.total()), Durations.elapsed(e.drain()),
        Durations.elapsed(e.converge()), Durations.elapsed(e.health())));
    if (e.tasksSeen() == 0) {
      out.append(String.format("(No target reports a finished task yet: tasks are assumed to take %s.)%n",
          Durations.elapsed(DryRun.ASSUMED_TASK)));
    }
    schedule(out, p.schedule(), dry.total(), now);
    String credentials = check.credentialsWarning(now);
    if (credentials != null) {
      out.append('\n').append(style.warn("Warning")).append(": ").append(credentials).append(".\n");
    }
    return out.toString();
  }

  /**
   * The plan's windows and freezes, and the stretches of time from now in which the expected duration would run
   * (team freezes come on top: fleetroll freeze list).
   */
  private void schedule(StringBuilder out, Schedule schedule, Duration expected, Instant now) {
    if (schedule == null || schedule.none()) {
      return;
    }
    out.append('\n').append(style.bold("Schedule")).append(": new hosts start ");
    out.append(schedule.windows().isEmpty() ? "at any time" : "only in " + schedule.windows().stream()
        .map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
    for (Freeze f : schedule.planFreezes()) {
      out.append("; frozen ").append(WHEN.format(f.from())).append(" - ").append(WHEN.format(f.to())).append(" (")
          .append(f.reason()).append(")");
    }
    out.append(" (team freezes too: fleetroll freeze list).\n");
    List<Instant[]> runs = StartHold.runs(now, expected, schedule.windows(), schedule.planFreezes(), MAX_RUNS);
    out.append("From now, the expected ").append(Durations.elapsed(expected)).append(" of work runs in:\n");
    for (Instant[] run : runs) {
      out.append("  ").append(WHEN.format(run[0])).append(" - ").append(WHEN.format(run[1])).append('\n');
    }
    Duration covered = runs.stream().map(r -> Duration.between(r[0], r[1])).reduce(Duration.ZERO, Duration::plus);
    if (covered.compareTo(expected) < 0) {
      out.append("  ... (").append(runs.isEmpty() ? "no window opens" : "more than " + MAX_RUNS + " windows").append(")\n");
    }
  }

  private static final int MAX_RUNS = 10;
  private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
      .ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

  /** Where a stage's hand-picked hosts come from: {@code   (hand-picked: hosts/canary.list)}, or nothing. */
  static String pickedFrom(Stage stage, Map<String, String> pickedFrom) {
    List<String> lists = stage.hosts().stream().map(pickedFrom::get).filter(Objects::nonNull).distinct().toList();
    return lists.isEmpty() ? "" : "  (hand-picked: " + String.join(", ", lists) + ")";
  }

  /** The gates as the plan spells them, so the operator checks the numbers before the start. */
  static String gates(GatePolicy g) {
    return String.format(Locale.ROOT, "(window %s, soak %s): min_jobs_per_host %d, min_jobs_total %d,"
        + " min_hosts_with_jobs_fraction %s, success_rate_min %s, success_rate_drop_max %s, online_drop_max_pct %s,"
        + " sshable_min_pct %s, max_failed_hosts infrastructure %d change %d", Durations.elapsed(g.window()), Durations.elapsed(g.soak()),
        g.minJobsPerHost(), g.minJobsTotal(), number(g.minHostsWithJobsFraction()), number(g.successRateMin()),
        number(g.successRateDropMax()), number(g.onlineDropMaxPct()), number(g.sshableMinPct()),
        g.maxFailedHosts().infrastructure(), g.maxFailedHosts().change());
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static String abbreviate(List<String> hosts) {
    List<String> shown = hosts.stream().map(h -> h.contains(".") ? h.substring(0, h.indexOf('.')) : h).toList();
    return shown.size() <= 6 ? String.join(", ", shown)
        : String.join(", ", shown.subList(0, 5)) + ", ... " + shown.getLast();
  }

  private String state(RolloutStatus s) {
    String text = s.code().replace('-', ' ');
    return switch (s) {
      case SUCCEEDED -> style.good(text);
      case COMPLETED_WITH_FAILURES, ABORTED, ABORTING, ROLLING_BACK, PAUSED_ON_GATE -> style.bad(text);
      case WAITING_FOR_ASSESSMENT, PAUSED -> style.warn(text);
      default -> text;
    };
  }

  private String hostState(HostStatus s) {
    String text = s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (s) {
      case SUCCEEDED, REVERTED -> style.good(text);
      case FAILED, REVERT_FAILED -> style.bad(text);
      case MOVED_TO_END, SKIPPED -> style.warn(text);
      default -> text;
    } + " ".repeat(Math.max(0, 12 - text.length()));
  }

  static String bar(int done, int total, int width) {
    int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }
}
