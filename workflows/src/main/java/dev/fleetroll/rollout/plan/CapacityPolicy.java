package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What each Taskcluster worker pool keeps while its hosts are rolled: a host's worker is quarantined only if
 * at least {@code minAvailablePct} percent of the pool's workers stay active and unquarantined (every
 * quarantine counts, ours or another party's), and no new host of a pool starts while its pending tasks per
 * available worker exceed {@code maxPendingPerWorker}.
 *
 * @param minAvailablePct 0-99; a pool too small to spare one worker under it still rolls one host at a time,
 *     and only while none of its workers is out
 * @param maxPendingPerWorker null: no backlog limit
 */
public record CapacityPolicy(
    @JsonProperty("min_available_pct") Integer minAvailablePct,
    @JsonProperty("max_pending_per_worker") Double maxPendingPerWorker) {

  public static final CapacityPolicy DEFAULT = new CapacityPolicy(80, null);

  public CapacityPolicy withDefaults() {
    return new CapacityPolicy(minAvailablePct != null ? minAvailablePct : DEFAULT.minAvailablePct, maxPendingPerWorker);
  }
}
