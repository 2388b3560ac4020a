package dev.fleetroll.rollout.capacity;

import dev.fleetroll.rollout.host.HostRunbook;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The capacity floors in a running stage: before a host starts, one look at its pool ({@link PoolCapacity}
 * judges it, counting this rollout's hosts of the pool in flight). A host that may not start holds back every
 * host of its role (the role decides the pool) until the next look, {@code timeouts.poll} later; hosts of
 * other pools go ahead meanwhile. Holds live only in the running stage: nothing here crosses continue-as-new.
 */
public final class CapacityGuard {

  private final RolloutPolicy policy;
  private final CapacityActivities pools;
  /** The pool of each host started under the floors (a host's pool is looked up before it starts). */
  private final Map<String, String> poolOfHost = new HashMap<>();
  /** Roles held back until the next look, with why (in the words status shows). */
  private final Map<String, String> held = new LinkedHashMap<>();
  /** The last look's holds, shown while their roles are looked at again (a query during that activity would see none). */
  private final Map<String, String> lookedAgain = new LinkedHashMap<>();
  private Promise<Void> nextLook;

  public CapacityGuard(RolloutPolicy policy) {
    this.policy = policy;
    this.pools = Workflow.newActivityStub(CapacityActivities.class,
        HostRunbook.taskclusterStep("Look at the worker pool's capacity", policy));
  }

  /** Whether the floors apply: the plan has them (a rollout started before they existed has none). */
  public boolean on() {
    return policy.capacity() != null;
  }

  /**
   * Whether a look could hold a host back: not with a floor of 0% and no backlog limit (version 2 of {@link
   * dev.fleetroll.temporal.WorkflowChange#CAPACITY_FLOORS} then looks at no pool: one look per host started, in
   * turn, cost 0.5-1 s per start on a loaded machine).
   */
  public boolean guardsAnything() {
    return on() && (policy.capacity().minAvailablePct() > 0 || policy.capacity().maxPendingPerWorker() != null);
  }

  /** Whether {@code host} waits for its pool until the next look (no Taskcluster call). */
  public boolean holds(HostTarget host) {
    return held.containsKey(roleKey(host));
  }

  /**
   * Looks at the pool of {@code host} and says whether it may start now; {@code inFlight} are the rollout's
   * hosts in flight. A host that may not holds back its role until the next look.
   */
  public boolean mayStart(HostTarget host, Collection<String> inFlight) {
    PoolLook look = pools.lookAtPool(host.role());
    List<String> samePool = inFlight.stream().filter(h -> look.pool() != null
        && look.pool().equals(poolOfHost.get(h))).toList();
    CapacityVerdict verdict = PoolCapacity.judge(policy.capacity(), look, samePool, host.host());
    lookedAgain.remove(roleKey(host));
    if (verdict.starts()) {
      poolOfHost.put(host.host(), look.pool());
      return true;
    }
    held.put(roleKey(host), verdict.why());
    if (nextLook == null) {
      nextLook = Workflow.newTimer(policy.timeouts().poll());
    }
    return false;
  }

  /** Whether the next look is due (wakes a stage waiting for its window to move). */
  public boolean lookDue() {
    return nextLook != null && nextLook.isCompleted();
  }

  /** When the next look is due, lets the held-back hosts be looked at again. */
  public void lookAgainIfDue() {
    if (lookDue()) {
      lookedAgain.clear();
      lookedAgain.putAll(held);
      held.clear();
      nextLook = null;
    }
  }

  /** Waits until the next look is due or {@code unless} holds. */
  public void awaitLook(BooleanSupplier unless) {
    if (nextLook != null) {
      Workflow.await(() -> nextLook.isCompleted() || unless.getAsBoolean());
    }
  }

  public boolean holdsAny() {
    return !held.isEmpty();
  }

  /** Which pool holds which host back and why, one line per held role. */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>(held.values());
    reasons.addAll(lookedAgain.values());
    return List.copyOf(reasons);
  }

  private static String roleKey(HostTarget host) {
    return Objects.requireNonNullElse(host.role(), "");
  }
}
