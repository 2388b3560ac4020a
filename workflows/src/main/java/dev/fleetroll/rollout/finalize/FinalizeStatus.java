package dev.fleetroll.rollout.finalize;

import java.util.Locale;

/** Where a finalize is in its life. */
public enum FinalizeStatus {
  /** Reading every host (override, Puppet's last run) and taking the leases. */
  SNAPSHOTTING,
  /** Reverting the hosts, at most max_in_flight at once. */
  REVERTING,
  /** Every host is done; watching the gates for the observation period. */
  OBSERVING,
  /** A gate failed while observing: nothing is re-applied; waiting for an operator (acknowledge or abort). */
  PAUSED_ON_REGRESSION,
  /** Every host reverted, the observation ended. */
  SUCCEEDED,
  /** Some hosts failed their revert (see their outcome); the observation ended. */
  COMPLETED_WITH_FAILURES,
  /** An operator stopped it: no new revert started, the observation ended. */
  ABORTED;

  public boolean finished() {
    return this == SUCCEEDED || this == COMPLETED_WITH_FAILURES || this == ABORTED;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
