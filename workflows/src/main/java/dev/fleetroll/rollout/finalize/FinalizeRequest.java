package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.plan.RolloutPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The input of a finalize: a succeeded rollout whose override now comes off every host it was applied to.
 * Ids, names and the override's sha only: no content, no credential.
 *
 * @param hosts the hosts the rollout succeeded on, with the worker its pipeline found
 * @param policy the rollout's policy: max_in_flight, converge, drain, timeouts and the gates
 * @param observe how long to watch the gates after the last revert
 */
public record FinalizeRequest(String rolloutId, String actor, String reason, String overrideSha, String overrideName,
    List<FinalizeHost> hosts, RolloutPolicy policy, Duration observe) {

  /** The CLI's default observation period. */
  public static final Duration DEFAULT_OBSERVE = Duration.ofHours(1);
}
