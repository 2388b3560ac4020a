package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.HostTarget;

/**
 * One host of a finalize: PENDING → IN_FLIGHT → SUCCEEDED (reverted) or FAILED; EXCLUDED when another
 * running rollout holds it; NOT_STARTED when the finalize was aborted before its turn.
 */
public record FinalizeHostRecord(HostTarget target, WorkerRef worker, HostStatus status, HostSnapshot snapshot,
    String note, HostOutcome outcome) {

  public String host() {
    return target.host();
  }

  FinalizeHostRecord with(HostStatus newStatus, String why) {
    return new FinalizeHostRecord(target, worker, newStatus, snapshot, why, outcome);
  }

  FinalizeHostRecord snapshotted(HostSnapshot taken) {
    return new FinalizeHostRecord(target, worker, status, taken, note, outcome);
  }

  FinalizeHostRecord reverted(HostStatus newStatus, HostOutcome result) {
    return new FinalizeHostRecord(target, worker, newStatus, snapshot, note, result);
  }
}
