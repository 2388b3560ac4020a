package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.HostTarget;
import java.time.Instant;

/**
 * One host in the rollout's state.
 *
 * @param stage index of its stage, -1 when excluded
 * @param passes pipeline runs started (2 after a move to the end)
 * @param queuedAt order among hosts moved to the end (0 otherwise)
 * @param note why it was excluded or not started
 * @param outcome the last pipeline's outcome
 */
public record HostRecord(HostTarget target, int stage, HostStatus status, int passes, Instant startedAt,
    long queuedAt, String note, HostOutcome outcome) {

  public String host() {
    return target.host();
  }

  public HostRecord with(HostStatus newStatus) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queuedAt, note, outcome);
  }

  public HostRecord started(Instant at) {
    return new HostRecord(target, stage, HostStatus.IN_FLIGHT, passes + 1, at, queuedAt, note, outcome);
  }

  public HostRecord finished(HostStatus newStatus, HostOutcome result, long queue) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queue, note, result);
  }

  public HostRecord excluded(HostStatus newStatus, String why) {
    return new HostRecord(target, stage, newStatus, passes, startedAt, queuedAt, why, outcome);
  }
}
