package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;

/**
 * The input of one host's pipeline.
 *
 * @param stage the stage's name, for the Web UI
 * @param pass 1, or 2 when the host comes back after being moved to the end of its stage
 * @param touchedBefore an earlier pass of this rollout (before a retry) may have written the override: the
 *     pipeline treats the host as changed from its start (false in inputs from before issue 11)
 * @param overrideContent the override to write ({@link RolloutSpec#overrideContent()}), null when the
 *     worker reads it from its content store
 */
public record HostRollout(HostJob job, HostTarget target, String stage, int pass, RolloutPolicy policy,
    boolean touchedBefore, String overrideContent) {}
