package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.plan.HostTarget;
import java.time.Instant;

/**
 * One host in the rollout's state.
 *
 * @param stage index of its stage, -1 when excluded
 * @param passes pipeline runs started (2 after a move to the end)
 * @param queuedAt order among hosts moved to the end (0 otherwise)
 * @param note why it was excluded, skipped or not started
 * @param outcome the last pipeline's outcome
 * @param revert the rollback's outcome for the host, null unless it was reverted
 */
public record HostRecord(HostTarget target, int stage, HostStatus status, int passes, Instant startedAt,
    long queuedAt, String note, HostOutcome outcome, HostOutcome revert) {

  public HostRecord(HostTarget target, int stage, HostStatus status, int passes, Instant startedAt, long queuedAt,
      String note, HostOutcome outcome) {
    this(target, stage, status, passes, startedAt, queuedAt, note, outcome, null);
  }

  public String host() {
    return target.host();
  }

  public HostRecord with(HostStatus newStatus) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queuedAt, note, outcome, revert);
  }

  public HostRecord inStage(int newStage) {
    return new HostRecord(target, newStage, status, passes, startedAt, queuedAt, note, outcome, revert);
  }

  public HostRecord started(Instant at) {
    return new HostRecord(target, stage, HostStatus.IN_FLIGHT, passes + 1, at, queuedAt, note, outcome, revert);
  }

  public HostRecord finished(HostStatus newStatus, HostOutcome result, long queue) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queue, note, result, revert);
  }

  public HostRecord excluded(HostStatus newStatus, String why) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queuedAt, why, outcome, revert);
  }

  public HostRecord reverted(HostOutcome result) {
    HostStatus s = result.result() == HostResult.SUCCEEDED ? HostStatus.REVERTED : HostStatus.REVERT_FAILED;
    return new HostRecord(target, stage, s, passes, startedAt, queuedAt, note, outcome, result);
  }

  /**
   * Whether this rollout's override may be on the host (what a rollback must undo): it wrote it, or a write
   * failed after it may have written, or a pass found it there.
   */
  public boolean touched() {
    return outcome != null && (outcome.override() != null || outcome.overrideTouched());
  }
}
