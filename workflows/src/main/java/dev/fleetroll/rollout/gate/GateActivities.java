package dev.fleetroll.rollout.gate;

import io.temporal.activity.ActivityInterface;

/** Reads the world for the health gates (read only: Taskcluster, and an SSH connect per rolled-out host). */
@ActivityInterface
public interface GateActivities {

  /**
   * The evidence for {@code request}; never fails because Taskcluster is down (then {@link
   * GateEvidence#taskclusterError()} says why). The failed-host counts are left 0 for the workflow to fill.
   */
  GateEvidence collectEvidence(EvidenceRequest request);
}
