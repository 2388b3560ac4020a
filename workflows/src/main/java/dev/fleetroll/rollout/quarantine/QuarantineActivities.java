package dev.fleetroll.rollout.quarantine;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Reads Taskcluster and Temporal for workers left quarantined by rollouts that no longer run (read only). */
@ActivityInterface
public interface QuarantineActivities {

  /**
   * Every quarantined worker of the fleet's provisioner whose quarantineInfo names a Fleetroll rollout
   * that is not running any more (nor its finalize), with what that rollout said about the host.
   */
  List<StrandedQuarantine> strandedQuarantines();
}
