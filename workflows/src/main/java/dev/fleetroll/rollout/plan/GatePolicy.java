package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Health gates: what must hold, from Taskcluster's view of the rollout's hosts, before a stage may
 * advance. A null threshold (after {@link #withDefaults()}: only where the default is "off") disables
 * that gate. Fractions are 0..1; *_pct values are percentage points 0..100.
 *
 * @param minJobsPerHost tasks each rolled-out host must have completed in the window
 * @param minJobsTotal tasks all rolled-out hosts together must have completed in the window
 * @param minHostsWithJobsFraction share of rolled-out hosts with at least one completed task
 * @param successRateMin completed / (completed + failed + exception) on rolled-out hosts
 * @param successRateDropMax how far that rate may fall below the baseline's (untouched hosts of the same pools)
 * @param onlineDropMaxPct how many points the share of recently active workers may fall below the baseline's
 * @param sshableMinPct share of rolled-out hosts that answer SSH
 * @param maxFailedHosts failed hosts tolerated, by failure type
 * @param window how far back the outcome gates look (never before the stage's first host started)
 * @param soak with {@code advance: auto}, how long the gates must hold before the rollout advances by itself
 */
public record GatePolicy(
    @JsonProperty("min_jobs_per_host") Integer minJobsPerHost,
    @JsonProperty("min_jobs_total") Integer minJobsTotal,
    @JsonProperty("min_hosts_with_jobs_fraction") Double minHostsWithJobsFraction,
    @JsonProperty("success_rate_min") Double successRateMin,
    @JsonProperty("success_rate_drop_max") Double successRateDropMax,
    @JsonProperty("online_drop_max_pct") Double onlineDropMaxPct,
    @JsonProperty("sshable_min_pct") Double sshableMinPct,
    @JsonProperty("max_failed_hosts") FailedHostsLimit maxFailedHosts,
    Duration window,
    Duration soak) {

  /**
   * The defaults of specs/rollout-plan.md, chosen for a real fleet where the rolled-out hosts grow to hundreds
   * and some pools are quiet at night: no per-host minimum (each released host already proved itself with
   * {@code health.tasks}; one idle host among hundreds should not hold a rollout), 90% of hosts with work
   * (every host below 10), and 10 completed tasks in all, the fewest at which a 0.9 success rate can absorb
   * one intermittent failure.
   */
  public static final GatePolicy DEFAULT = new GatePolicy(0, 10, 0.9, 0.9, 0.1, 10.0, 100.0,
      FailedHostsLimit.DEFAULT, Duration.ofHours(6), Duration.ofMinutes(30));

  public GatePolicy withDefaults() {
    return new GatePolicy(
        minJobsPerHost != null ? minJobsPerHost : DEFAULT.minJobsPerHost,
        minJobsTotal != null ? minJobsTotal : DEFAULT.minJobsTotal,
        minHostsWithJobsFraction != null ? minHostsWithJobsFraction : DEFAULT.minHostsWithJobsFraction,
        successRateMin != null ? successRateMin : DEFAULT.successRateMin,
        successRateDropMax != null ? successRateDropMax : DEFAULT.successRateDropMax,
        onlineDropMaxPct != null ? onlineDropMaxPct : DEFAULT.onlineDropMaxPct,
        sshableMinPct != null ? sshableMinPct : DEFAULT.sshableMinPct,
        (maxFailedHosts != null ? maxFailedHosts : DEFAULT.maxFailedHosts).withDefaults(),
        window != null ? window : DEFAULT.window,
        soak != null ? soak : DEFAULT.soak);
  }
}
