package dev.fleetroll.rollout;

/** Where a rollout is in its life. */
public enum RolloutStatus {
  /** Taking the per-host leases. */
  STARTING,
  /** A stage's hosts are being worked on. */
  RUNNING,
  /** A stage ended; nothing moves until an operator advances (or aborts). */
  WAITING_FOR_ASSESSMENT,
  /** A stage ended and a gate fails: only a forced advance moves on (or the gates pass again). */
  PAUSED_ON_GATE,
  /** Paused by an operator: no new host starts and no stage advances until resumed. */
  PAUSED,
  /** Aborted with rollback: reverting every host this rollout changed, most recent first. */
  ROLLING_BACK,
  /** Aborted: no new host starts; in-flight hosts finish their step and are released. */
  ABORTING,
  /** Every host succeeded. */
  SUCCEEDED,
  /** Every stage ran; some hosts failed (see their evidence). */
  COMPLETED_WITH_FAILURES,
  ABORTED;

  public boolean finished() {
    return this == SUCCEEDED || this == COMPLETED_WITH_FAILURES || this == ABORTED;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
