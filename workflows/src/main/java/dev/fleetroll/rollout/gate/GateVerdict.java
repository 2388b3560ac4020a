package dev.fleetroll.rollout.gate;

/** How one gate came out. */
public enum GateVerdict {
  PASS,
  FAIL,
  /** The data the gate needs is missing (no tasks yet, Taskcluster unreachable, no baseline). */
  NO_DATA;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
