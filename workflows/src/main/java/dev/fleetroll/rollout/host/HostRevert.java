package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;

/**
 * The input of one host's revert: remove the override this rollout wrote, converge, check Puppet ran
 * without it, release.
 *
 * @param job the rollout, the actor and the host; {@code overrideSha} is the override being removed
 * @param worker the host's worker when known (from its rollout pipeline), else null
 * @param why {@code rollback} (abort) or {@code finalize}, with the operator's reason, for quarantineInfo and the UI
 */
public record HostRevert(HostJob job, HostTarget target, WorkerRef worker, String why, RolloutPolicy policy) {
  /** {@code kind} ("rollback", "finalize") with the operator's reason when there is one. */
  public static String why(String kind, String reason) {
    return kind + (reason == null || reason.isBlank() ? "" : ": " + reason);
  }
}
