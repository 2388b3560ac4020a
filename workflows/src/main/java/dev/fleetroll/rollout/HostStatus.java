package dev.fleetroll.rollout;

/** A host as the rollout sees it. */
public enum HostStatus {
  PENDING,
  IN_FLIGHT,
  /** Waiting, still quarantined, for its second pass at the end of its stage. */
  MOVED_TO_END,
  SUCCEEDED,
  FAILED,
  ABORTED,
  /** Never started: left out by the plan or the dry run, leased elsewhere, or the rollout was aborted first. */
  EXCLUDED,
  NOT_STARTED,
  /** Left pending by an operator ({@code skip HOST}): never started, still in the rollout. */
  SKIPPED,
  /** The rollback removed this rollout's override and Puppet ran without it; the worker is released. */
  REVERTED,
  /** The rollback could not revert the host: see the record's revert outcome. */
  REVERT_FAILED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED || this == EXCLUDED || this == NOT_STARTED
        || this == SKIPPED || this == REVERTED || this == REVERT_FAILED;
  }
}
