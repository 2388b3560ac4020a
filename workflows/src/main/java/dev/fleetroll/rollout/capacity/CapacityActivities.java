package dev.fleetroll.rollout.capacity;

import io.temporal.activity.ActivityInterface;

/** Reads what a worker pool has available, for the capacity floors (Taskcluster reads only). */
@ActivityInterface
public interface CapacityActivities {

  /** The pool of a host of {@code role} (null: unknown), its workers and pending tasks now. */
  PoolLook lookAtPool(String role);
}
