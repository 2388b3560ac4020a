package dev.fleetroll.rollout.capacity;

import java.util.List;

/**
 * One look at a host's Taskcluster worker pool: its workers (the queue lists those seen in the last day and
 * those quarantined), which of them are quarantined now (by anyone), and its pending tasks.
 *
 * @param pool the worker pool id ({@code provisioner/workerType}); null when the host's role maps to no pool
 * @param workers worker ids of the pool
 * @param quarantined worker ids quarantined now
 * @param pendingTasks the queue's pending count for the pool
 */
public record PoolLook(String pool, List<String> workers, List<String> quarantined, int pendingTasks) {

  /** The host's role maps to no pool: nothing to keep. */
  public static PoolLook none() {
    return new PoolLook(null, List.of(), List.of(), 0);
  }
}
