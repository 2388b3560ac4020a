package dev.fleetroll.rollout.host;

/** How one pass of a host's pipeline ended. */
public enum HostResult {
  /** The override is applied, Puppet reported it, the worker is released and completed its tasks. */
  SUCCEEDED,
  /** See the outcome's failure type, step and reason; {@code quarantined} says if the worker is held. */
  FAILED,
  /** The drain deadline passed: the host, still quarantined, goes to the end of its stage. */
  MOVED_TO_END,
  /** The rollout was aborted: the host finished its step and its quarantine was released. */
  ABORTED
}
