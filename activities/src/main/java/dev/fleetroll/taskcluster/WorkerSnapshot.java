package dev.fleetroll.taskcluster;

import java.time.Instant;
import java.util.List;

/**
 * What one Taskcluster read found for a host's worker: the record {@code tc fetch} stores and prints.
 *
 * @param outcome ok | not_found (no such worker in the pool) | unmapped (no pool for the host's
 *     role) | error (Taskcluster failed)
 * @param recentRuns the worker's recent task runs with their outcomes, newest last
 */
public record WorkerSnapshot(
    String host,
    Instant observedAt,
    String outcome,
    String error,
    String poolId,
    String workerGroup,
    String workerId,
    boolean quarantined,
    Instant quarantineUntil,
    String quarantineReason,
    List<Worker.QuarantineDetail> quarantineDetails,
    Instant lastDateActive,
    List<TaskRun> recentRuns) {

  public static WorkerSnapshot failed(String host, Instant at, String outcome, String error, String poolId, String workerId) {
    return new WorkerSnapshot(host, at, outcome, error, poolId, null, workerId, false, null, null, List.of(), null, List.of());
  }

  public boolean ok() {
    return "ok".equals(outcome);
  }

  /** The newest run, or null. */
  public TaskRun latestRun() {
    return recentRuns == null || recentRuns.isEmpty() ? null : recentRuns.get(recentRuns.size() - 1);
  }
}
