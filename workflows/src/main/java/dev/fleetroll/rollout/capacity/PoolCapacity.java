package dev.fleetroll.rollout.capacity;

import dev.fleetroll.rollout.plan.CapacityPolicy;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The capacity rule, pure: may the worker of {@code host} be quarantined now? A worker is out when Taskcluster
 * says it is quarantined (by anyone) or when this rollout works on its host (started, maybe not quarantined
 * yet: counting those keeps the rule exact when several hosts of a pool start at once). One more may go out
 * if the rest keep the floor; a pool too small to spare any worker under the floor still lets one go when
 * none is out, or it could never be rolled. While the pending tasks per available worker exceed the backlog
 * limit, none goes out.
 */
public final class PoolCapacity {

  private PoolCapacity() {}

  /**
   * @param inFlight worker ids of this rollout's hosts in the pool that are in flight
   * @param host the host to start (its worker id is its short name)
   */
  public static CapacityVerdict judge(CapacityPolicy policy, PoolLook look, Collection<String> inFlight, String host) {
    String worker = workerId(host);
    if (look.pool() == null || look.workers().isEmpty() || look.quarantined().contains(worker)) {
      return CapacityVerdict.go(); // no pool to keep, or the worker is out already (the pre-flight judges it)
    }
    Set<String> out = new HashSet<>(look.quarantined());
    inFlight.stream().map(PoolCapacity::workerId).forEach(out::add);
    out.retainAll(Set.copyOf(look.workers()));
    int total = look.workers().size();
    int available = total - out.size();
    String name = look.pool().substring(look.pool().indexOf('/') + 1);
    int floor = policy.minAvailablePct();
    if ((available - 1) * 100L < (long) floor * total && !out.isEmpty()) {
      return CapacityVerdict.waits(name + ": " + available + "/" + total + " available, floor " + floor + "%: " + host
          + " waits");
    }
    Double maxPending = policy.maxPendingPerWorker();
    if (maxPending != null && look.pendingTasks() > maxPending * available) {
      return CapacityVerdict.waits(name + ": " + look.pendingTasks() + " pending tasks for " + available
          + " available workers, more than " + number(maxPending) + " per worker: " + host + " waits");
    }
    return CapacityVerdict.go();
  }

  /** A host's Taskcluster worker id: its short name (as WorkerPools.workerId in activities). */
  public static String workerId(String host) {
    String name = host.substring(host.lastIndexOf('@') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
