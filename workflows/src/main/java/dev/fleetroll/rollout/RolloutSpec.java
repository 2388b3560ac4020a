package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Everything a rollout needs to run, resolved by the CLI from the plan and the dry run, the override's
 * content included: the workers may run on other machines than the CLI, with their own content stores.
 * An override is small and holds no secret (the CLI refuses credentials in it); vaults never travel here.
 *
 * @param overrideName how people call the override (branch and two-word name)
 * @param hosts the targets in plan order
 * @param excluded targets left out, with the reason
 * @param expectedHostDuration the dry run's estimate of one host's pipeline (the ETA until hosts finish)
 * @param historyLimit continue as new at the next safe point once history has this many events
 * @param overrideContent the override file as the CLI read it (its sha256 is {@code overrideSha}); null in
 *     rollouts started before it travelled with the rollout, whose workers read it from their content store
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
    int historyLimit,
    String overrideContent) {

  /** A rollout whose workers read the override from their content store (tests, and rollouts of older CLIs). */
  public RolloutSpec(String id, String name, String actor, String overrideSha, String overrideName, List<HostTarget> hosts,
      List<Exclusion> excluded, RolloutPolicy policy, Duration expectedHostDuration, int historyLimit) {
    this(id, name, actor, overrideSha, overrideName, hosts, excluded, policy, expectedHostDuration, historyLimit, null);
  }

  /** Well under the server's warning at 10,240 events. */
  public static final int DEFAULT_HISTORY_LIMIT = 8000;

  public String shortSha() {
    return overrideSha.substring(0, Math.min(12, overrideSha.length()));
  }
}
