package dev.fleetroll.rollout.host;

/** Whether a host failed because of the world or because of the change. */
public enum FailureType {
  /** Unreachable, never came back, no sudo, read-only disk, Taskcluster trouble, a task that would not drain: not the change's fault. */
  INFRASTRUCTURE,
  /** Puppet failed with the new override, or the worker fails its tasks after it: the change is suspect. */
  CHANGE
}
