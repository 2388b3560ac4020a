package dev.fleetroll.taskcluster;

import java.time.Instant;
import java.util.List;

/**
 * A worker as the queue reports it (getWorker), with the quarantine history from worker-manager
 * when it was asked for.
 *
 * @param quarantineUntil quarantined while this is in the future (it is in the past otherwise)
 * @param lastDateActive may lag by up to ~30 minutes; null when never active
 * @param recentTasks up to 20, oldest first; the newest may still be running
 * @param quarantineDetails oldest first; empty when not known
 */
public record Worker(
    WorkerAddress address,
    Instant quarantineUntil,
    Instant lastDateActive,
    Instant firstClaim,
    Instant expires,
    List<TaskRef> recentTasks,
    List<QuarantineDetail> quarantineDetails) {

  public boolean quarantined(Instant now) {
    return quarantineUntil != null && quarantineUntil.isAfter(now);
  }

  /** The reason given with the newest quarantine call, or null. */
  public String quarantineReason() {
    return quarantineDetails == null || quarantineDetails.isEmpty() ? null
        : quarantineDetails.get(quarantineDetails.size() - 1).quarantineInfo();
  }

  /** One entry of {@code recentTasks}. */
  public record TaskRef(String taskId, int runId) {}

  /** One quarantine or release call: who, when, until when, why. */
  public record QuarantineDetail(String clientId, Instant updatedAt, String quarantineUntil, String quarantineInfo) {}
}
