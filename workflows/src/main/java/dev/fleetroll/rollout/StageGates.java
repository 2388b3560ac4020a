package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The health gates as the rollout evaluates them: evidence about the hosts it changed (and, for a
 * baseline, those it has not touched yet) read by an activity, so the numbers are in history; the
 * failed-host counts from the rollout's own records; the verdict from the pure {@link GateEvaluator}.
 */
final class StageGates {

  /** How often the gates are looked at again while a rollout waits (never more often than timeouts.poll). */
  static final Duration RECHECK = Duration.ofMinutes(5);
  /** Reading Taskcluster for every rolled-out host (and an SSH connect to each) can take a while. */
  private static final Duration COLLECT_TIMEOUT = Duration.ofMinutes(10);

  private final RolloutSpec spec;

  StageGates(RolloutSpec spec) {
    this.spec = spec;
  }

  GatePolicy policy() {
    return spec.policy().gates();
  }

  Duration recheck() {
    Duration poll = spec.policy().timeouts().poll();
    return poll.compareTo(RECHECK) > 0 ? poll : RECHECK;
  }

  /**
   * Judges the gates now for the stage {@code stage}. The outcome gates look back {@code window}, but
   * never before {@code windowFloor} (when the stage's first host started): tasks from before the
   * stage say nothing about it.
   */
  GateReport evaluate(Collection<HostRecord> hosts, int stage, String stageName, Instant windowFloor) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Instant windowStart = now.minus(policy().window());
    if (windowFloor != null && windowFloor.isAfter(windowStart)) {
      windowStart = windowFloor;
    }
    // Failed hosts are counted from the rollout's records; the evidence is about workers back at work.
    List<EvidenceHost> rolledOut = hosts.stream().filter(h -> h.status() == HostStatus.SUCCEEDED && h.touched())
        .map(h -> new EvidenceHost(h.host(), h.target().role(), h.outcome().worker())).toList();
    List<EvidenceHost> baseline = hosts.stream().filter(h -> h.status() == HostStatus.PENDING)
        .map(h -> new EvidenceHost(h.host(), h.target().role(), null)).toList();
    GateEvidence read;
    try {
      read = GateCheck.collect("Read Taskcluster for the health gates of " + stageName + " (" + rolledOut.size()
          + " rolled-out host(s), " + baseline.size() + " baseline)", COLLECT_TIMEOUT,
          new EvidenceRequest(spec.id(), rolledOut, baseline, windowStart, spec.overrideSha()));
    } catch (ActivityFailure e) {
      // The gates then have no data and hold the stage; the next look may do better.
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      read = new GateEvidence(windowStart, now, List.of(), List.of(), 0, 0, "the gate evidence could not be collected: " + why);
    }
    return GateCheck.judge(policy(), read, failedOutcomes(hosts, stage));
  }

  /**
   * The failed-host gates while the stage runs, from the rollout's own records: why no further host of
   * the stage should start, or null. Failures an operator accepted by resuming ({@code accepted}) do not
   * hold it again; one more does.
   */
  String tooManyFailed(Collection<HostRecord> hosts, int stage, int accepted) {
    FailedHostsLimit limit = policy().maxFailedHosts();
    int infrastructure = failed(hosts, stage, FailureType.INFRASTRUCTURE);
    int change = failed(hosts, stage, FailureType.CHANGE);
    if (infrastructure + change <= accepted) {
      return null;
    }
    if (change > limit.change()) {
      return change + " host(s) of this stage failed because of the change (max_failed_hosts.change is "
          + limit.change() + ")";
    }
    if (infrastructure > limit.infrastructure()) {
      return infrastructure + " host(s) of this stage failed for infrastructure reasons (max_failed_hosts.infrastructure"
          + " is " + limit.infrastructure() + ")";
    }
    return null;
  }

  /** The gates that may pause a stage while it runs; the workload gates only mean something at its end. */
  private static final Set<String> JUDGED_WHILE_RUNNING = Set.of(GateEvaluator.SUCCESS_RATE_MIN,
      GateEvaluator.SUCCESS_RATE_DROP_MAX, GateEvaluator.ONLINE_DROP_MAX_PCT, GateEvaluator.SSHABLE_MIN_PCT);
  private static final Set<String> NEED_TASKS = Set.of(GateEvaluator.SUCCESS_RATE_MIN, GateEvaluator.SUCCESS_RATE_DROP_MAX);

  /**
   * The gates that should pause a running stage: failing (with data) and not accepted by an operator.
   * Success rates count only once min_jobs_total (when set) passes: two tasks are no rate.
   */
  static List<GateResult> failingWhileRunning(GateReport report, Set<String> accepted) {
    boolean enoughTasks = report.results().stream().filter(r -> r.gate().equals(GateEvaluator.MIN_JOBS_TOTAL))
        .allMatch(r -> r.verdict() == GateVerdict.PASS);
    return report.results().stream()
        .filter(r -> r.verdict() == GateVerdict.FAIL && JUDGED_WHILE_RUNNING.contains(r.gate()))
        .filter(r -> enoughTasks || !NEED_TASKS.contains(r.gate()))
        .filter(r -> !accepted.contains(r.gate()))
        .toList();
  }

  /** The names of the gates that block in {@code report} (none without a report). */
  static Set<String> blockingGates(GateReport report) {
    return report == null ? Set.of()
        : report.blocking().stream().map(GateResult::gate).collect(Collectors.toUnmodifiableSet());
  }

  /** Failed hosts of a stage, both types: what a resume accepts. */
  static int failedIn(Collection<HostRecord> hosts, int stage) {
    return failed(hosts, stage, FailureType.INFRASTRUCTURE) + failed(hosts, stage, FailureType.CHANGE);
  }

  /** One line per blocking gate: "success_rate_min: 0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)". */
  static List<String> failing(GateReport report) {
    return report == null ? List.of() : report.blocking().stream().map(StageGates::line).toList();
  }

  static String line(GateResult r) {
    return r.gate() + " " + r.verdict().code() + ": " + (r.detail() != null ? r.detail()
        : r.value() + " vs " + r.threshold());
  }

  /** The verdict in a few words, for decisions and the Web UI. */
  static String verdict(GateReport report) {
    if (report == null) {
      return "not evaluated yet";
    }
    return report.passed() ? "gates pass" : "gates fail: " + String.join("; ", failing(report));
  }

  /** Whether two reports say the same: both pass, or the same gates block. */
  static boolean sameVerdict(GateReport a, GateReport b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.blocking().stream().map(GateResult::gate).toList().equals(b.blocking().stream().map(GateResult::gate).toList());
  }

  private static int failed(Collection<HostRecord> hosts, int stage, FailureType type) {
    return GateCheck.count(failedOutcomes(hosts, stage), type);
  }

  /** The outcomes of the stage's failed hosts. */
  private static List<HostOutcome> failedOutcomes(Collection<HostRecord> hosts, int stage) {
    return hosts.stream().filter(h -> h.stage() == stage && h.status() == HostStatus.FAILED).map(HostRecord::outcome)
        .toList();
  }
}
