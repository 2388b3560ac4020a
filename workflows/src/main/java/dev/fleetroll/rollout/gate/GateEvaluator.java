package dev.fleetroll.rollout.gate;

import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Judges the gates of {@link GatePolicy} on {@link GateEvidence}: pure, so workflows call it directly.
 *
 * <p>One {@link GateResult} per enabled gate (a null threshold disables a gate), in the order of the plan's
 * table. FAIL always blocks, PASS never does. When data is missing:
 *
 * <ul>
 *   <li>Taskcluster could not be read: every Taskcluster gate is NO_DATA and blocks (we cannot tell a broken
 *       fleet from a broken API, so we wait for an answer).
 *   <li>No rolled-out host yet: every gate that looks at rolled-out hosts is NO_DATA and blocks.
 *   <li>No resolved task on the rolled-out hosts: the outcome gates are NO_DATA and block; the workload
 *       gates fail at the same time and say why.
 *   <li>No baseline (every host of the pools is in the rollout, or no baseline task resolved in the
 *       window): the comparisons {@code success_rate_drop_max} and {@code online_drop_max_pct} are NO_DATA
 *       but do not block: {@code success_rate_min} still judges the change on its own numbers.
 *   <li>No host was checked over SSH: {@code sshable_min_pct} is NO_DATA and blocks.
 * </ul>
 *
 * <p>A rolled-out host that Taskcluster does not know counts as a host with no task and not active: after
 * the per-host health check it should be working, so its absence is bad news, not missing news.
 * {@code max_failed_hosts} comes from the rollout's own records and always has data.
 */
public final class GateEvaluator {

  public static final String MIN_JOBS_PER_HOST = "min_jobs_per_host";
  public static final String MIN_JOBS_TOTAL = "min_jobs_total";
  public static final String MIN_HOSTS_WITH_JOBS_FRACTION = "min_hosts_with_jobs_fraction";
  public static final String SUCCESS_RATE_MIN = "success_rate_min";
  public static final String SUCCESS_RATE_DROP_MAX = "success_rate_drop_max";
  public static final String ONLINE_DROP_MAX_PCT = "online_drop_max_pct";
  public static final String SSHABLE_MIN_PCT = "sshable_min_pct";
  public static final String MAX_FAILED_INFRASTRUCTURE = "max_failed_hosts.infrastructure";
  public static final String MAX_FAILED_CHANGE = "max_failed_hosts.change";

  /**
   * A worker counts as online when Taskcluster saw it this recently before the evidence was collected: the
   * inventory's HEALTHY rule, and twice the ~30 minutes by which Taskcluster's lastDateActive may lag.
   */
  public static final Duration ACTIVE_WITHIN = Duration.ofHours(1);

  /** Rates are ratios of small integers; this keeps 0.8 - 0.7 from failing a 0.1 limit. */
  private static final double EPSILON = 1e-9;

  private GateEvaluator() {}

  public static GateReport evaluate(GatePolicy policy, GateEvidence evidence) {
    Cohort rolled = Cohort.of(evidence.rolledOut(), evidence.collectedAt());
    Cohort baseline = Cohort.of(evidence.baseline(), evidence.collectedAt());
    String tcError = evidence.taskclusterError();
    List<GateResult> results = new ArrayList<>();

    if (policy.minJobsPerHost() != null) {
      double limit = policy.minJobsPerHost();
      results.add(workload(MIN_JOBS_PER_HOST, limit, tcError, rolled, () -> {
        int fewest = rolled.fewestCompleted();
        long below = rolled.hosts.stream().filter(h -> completed(h) < limit).count();
        String detail = fewest >= limit
            ? fmt("%d >= %d (fewest completed tasks on one of %s)", fewest, (int) limit, hosts(rolled.size()))
            : fmt("%d < %d (%d of %s below%s)", fewest, (int) limit, below, hosts(rolled.size()),
                rolled.unknownNote());
        return judge(MIN_JOBS_PER_HOST, fewest, limit, fewest >= limit, detail);
      }));
    }
    if (policy.minJobsTotal() != null) {
      double limit = policy.minJobsTotal();
      results.add(workload(MIN_JOBS_TOTAL, limit, tcError, rolled, () -> {
        int total = rolled.completed;
        return judge(MIN_JOBS_TOTAL, total, limit, total >= limit,
            fmt("%d %s %d (tasks completed on %s)", total, total >= limit ? ">=" : "<", (int) limit,
                hosts(rolled.size())));
      }));
    }
    if (policy.minHostsWithJobsFraction() != null) {
      double limit = policy.minHostsWithJobsFraction();
      results.add(workload(MIN_HOSTS_WITH_JOBS_FRACTION, limit, tcError, rolled, () -> {
        double share = (double) rolled.hostsWithJobs / rolled.size();
        boolean pass = share >= limit - EPSILON;
        return judge(MIN_HOSTS_WITH_JOBS_FRACTION, share, limit, pass,
            fmt("%.2f %s %.2f (%d of %s completed a task%s)", share, pass ? ">=" : "<", limit, rolled.hostsWithJobs,
                hosts(rolled.size()), pass ? "" : rolled.unknownNote()));
      }));
    }
    if (policy.successRateMin() != null) {
      results.add(successRateMin(policy.successRateMin(), tcError, rolled));
    }
    if (policy.successRateDropMax() != null) {
      results.add(successRateDrop(policy.successRateDropMax(), tcError, rolled, baseline));
    }
    if (policy.onlineDropMaxPct() != null) {
      results.add(onlineDrop(policy.onlineDropMaxPct(), tcError, rolled, baseline));
    }
    if (policy.sshableMinPct() != null) {
      results.add(sshable(policy.sshableMinPct(), rolled));
    }
    FailedHostsLimit failed = policy.maxFailedHosts();
    if (failed != null && failed.infrastructure() != null) {
      results.add(failedHosts(MAX_FAILED_INFRASTRUCTURE, evidence.failedInfrastructure(), failed.infrastructure(),
          "infrastructure: unreachable, did not come back, worker never returned"));
    }
    if (failed != null && failed.change() != null) {
      results.add(failedHosts(MAX_FAILED_CHANGE, evidence.failedChange(), failed.change(),
          "change: Puppet failed, tasks failed after release"));
    }
    return new GateReport(evidence.collectedAt(), List.copyOf(results));
  }

  /** The workload gates share their NO_DATA rules: Taskcluster unread, or nothing rolled out yet. */
  private static GateResult workload(String gate, double limit, String tcError, Cohort rolled,
      Supplier<GateResult> judged) {
    GateResult missing = noRolledOutData(gate, limit, tcError, rolled);
    return missing != null ? missing : judged.get();
  }

  /** NO_DATA (blocking) when Taskcluster was not read or nothing is rolled out yet; null when there is data. */
  private static GateResult noRolledOutData(String gate, double limit, String tcError, Cohort rolled) {
    if (tcError != null) {
      return noData(gate, limit, true, "Taskcluster unreadable: " + tcError);
    }
    if (rolled.size() == 0) {
      return noData(gate, limit, true, "no rolled-out host yet");
    }
    return null;
  }

  /** The same, and also when no task has resolved on the rolled-out hosts yet: what the outcome gates need. */
  private static GateResult noOutcomeData(String gate, double limit, String tcError, Cohort rolled) {
    GateResult missing = noRolledOutData(gate, limit, tcError, rolled);
    if (missing != null) {
      return missing;
    }
    if (rolled.resolved() == 0) {
      return noData(gate, limit, true, "no task resolved on the " + hosts(rolled.size()) + " rolled out yet");
    }
    return null;
  }

  private static GateResult successRateMin(double limit, String tcError, Cohort rolled) {
    String gate = SUCCESS_RATE_MIN;
    GateResult missing = noOutcomeData(gate, limit, tcError, rolled);
    if (missing != null) {
      return missing;
    }
    double rate = rolled.successRate();
    boolean pass = rate >= limit - EPSILON;
    return judge(gate, rate, limit, pass,
        fmt("%.2f %s %.2f (%s)", rate, pass ? ">=" : "<", limit, rolled.outcomes()));
  }

  private static GateResult successRateDrop(double limit, String tcError, Cohort rolled, Cohort baseline) {
    String gate = SUCCESS_RATE_DROP_MAX;
    GateResult missing = noOutcomeData(gate, limit, tcError, rolled);
    if (missing != null) {
      return missing;
    }
    if (baseline.size() == 0) {
      return noData(gate, limit, false, "no baseline: no host of the rollout is left untouched");
    }
    if (baseline.resolved() == 0) {
      return noData(gate, limit, false, "no baseline: no task resolved on the " + hosts(baseline.size())
          + " not yet touched");
    }
    double drop = baseline.successRate() - rolled.successRate();
    boolean pass = drop <= limit + EPSILON;
    return judge(gate, drop, limit, pass,
        fmt("%.2f %s %.2f (rolled out %.2f: %s; baseline %.2f: %s)", drop, pass ? "<=" : ">", limit,
            rolled.successRate(), rolled.outcomes(), baseline.successRate(), baseline.outcomes()));
  }

  private static GateResult onlineDrop(double limitPct, String tcError, Cohort rolled, Cohort baseline) {
    String gate = ONLINE_DROP_MAX_PCT;
    GateResult missing = noRolledOutData(gate, limitPct, tcError, rolled);
    if (missing != null) {
      return missing;
    }
    if (baseline.size() == 0) {
      return noData(gate, limitPct, false, "no baseline: no host of the rollout is left untouched");
    }
    double drop = baseline.onlinePct() - rolled.onlinePct();
    boolean pass = drop <= limitPct + EPSILON;
    return judge(gate, drop, limitPct, pass,
        fmt("%.1f %s %.1f points (active within %dm: rolled out %.1f%% = %d of %s; baseline %.1f%% = %d of %s)",
            drop, pass ? "<=" : ">", limitPct, ACTIVE_WITHIN.toMinutes(), rolled.onlinePct(), rolled.online,
            hosts(rolled.size()), baseline.onlinePct(), baseline.online, hosts(baseline.size())));
  }

  private static GateResult sshable(double limitPct, Cohort rolled) {
    String gate = SSHABLE_MIN_PCT;
    if (rolled.size() == 0) {
      return noData(gate, limitPct, true, "no rolled-out host yet");
    }
    if (rolled.sshChecked == 0) {
      return noData(gate, limitPct, true, "no rolled-out host was checked over SSH");
    }
    double pct = 100.0 * rolled.sshable / rolled.sshChecked;
    boolean pass = pct >= limitPct - EPSILON;
    return judge(gate, pct, limitPct, pass,
        fmt("%.1f%% %s %.1f%% (%d of %s answered SSH)", pct, pass ? ">=" : "<", limitPct, rolled.sshable,
            hosts(rolled.sshChecked)));
  }

  private static GateResult failedHosts(String gate, int failed, int limit, String meaning) {
    boolean pass = failed <= limit;
    return judge(gate, failed, limit, pass,
        fmt("%d %s %d (failed hosts, %s)", failed, pass ? "<=" : ">", limit, meaning));
  }

  private static GateResult judge(String gate, double value, double threshold, boolean pass, String detail) {
    return new GateResult(gate, pass ? GateVerdict.PASS : GateVerdict.FAIL, value, threshold, !pass, detail);
  }

  private static GateResult noData(String gate, double threshold, boolean blocking, String why) {
    return new GateResult(gate, GateVerdict.NO_DATA, null, threshold, blocking, why);
  }

  private static int completed(WorkerEvidence w) {
    return w.known() ? w.completed() : 0;
  }

  private static String hosts(long n) {
    return n == 1 ? "1 host" : n + " hosts";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** The sums the gates need over one group of hosts (rolled out, or baseline). */
  private static final class Cohort {
    final List<WorkerEvidence> hosts;
    int completed;
    int failed;
    int exception;
    int hostsWithJobs;
    int online;
    int unknown;
    int sshChecked;
    int sshable;

    private Cohort(List<WorkerEvidence> hosts) {
      this.hosts = hosts;
    }

    static Cohort of(List<WorkerEvidence> hosts, Instant collectedAt) {
      Cohort c = new Cohort(hosts != null ? hosts : List.of());
      Instant activeSince = collectedAt.minus(ACTIVE_WITHIN);
      for (WorkerEvidence w : c.hosts) {
        if (w.sshable() != null) {
          c.sshChecked++;
          c.sshable += w.sshable() ? 1 : 0;
        }
        if (!w.known()) {
          c.unknown++;
          continue;
        }
        c.completed += w.completed();
        c.failed += w.failed();
        c.exception += w.exception();
        c.hostsWithJobs += w.completed() > 0 ? 1 : 0;
        c.online += w.lastActive() != null && !w.lastActive().isBefore(activeSince) ? 1 : 0;
      }
      return c;
    }

    int size() {
      return hosts.size();
    }

    int resolved() {
      return completed + failed + exception;
    }

    double successRate() {
      return (double) completed / resolved();
    }

    double onlinePct() {
      return 100.0 * online / size();
    }

    int fewestCompleted() {
      return hosts.stream().mapToInt(GateEvaluator::completed).min().orElse(0);
    }

    String outcomes() {
      return fmt("%d of %d tasks completed, %d failed, %d exception on %s", completed, resolved(), failed,
          exception, hosts(size()));
    }

    String unknownNote() {
      return unknown == 0 ? "" : fmt("; %d unknown to Taskcluster", unknown);
    }
  }
}
