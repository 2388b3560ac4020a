package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Everything a rollout needs to run, resolved by the CLI from the plan and the dry run. It holds the
 * override's sha256, never its content, and no credential.
 *
 * @param overrideName how people call the override (branch and two-word name)
 * @param hosts the targets in plan order
 * @param excluded targets left out, with the reason
 * @param expectedHostDuration the dry run's estimate of one host's pipeline (the ETA until hosts finish)
 * @param historyLimit continue as new at the next safe point once history has this many events
 */
public record RolloutSpec(
    String id,
    String name,
    String actor,
    String overrideSha,
    String overrideName,
    List<HostTarget> hosts,
    List<Exclusion> excluded,
    RolloutPolicy policy,
    Duration expectedHostDuration,
    int historyLimit) {

  /** Well under the server's warning at 10,240 events. */
  public static final int DEFAULT_HISTORY_LIMIT = 8000;

  public String shortSha() {
    return overrideSha.substring(0, Math.min(12, overrideSha.length()));
  }
}
