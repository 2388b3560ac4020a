package dev.fleetroll.rollout.readiness;

import io.temporal.activity.ActivityInterface;

/** Checks, on a worker, what it needs for a rollout's hosts: its SSH settings and Taskcluster credentials. */
@ActivityInterface
public interface ReadinessActivities {

  Readiness check(ReadinessRequest request);
}
