package dev.fleetroll.rollout.host;

import java.util.Locale;

/**
 * The steps of the per-host pipelines, in order: the runbook RelOps follow by hand today. The revert
 * uses a subset (with {@link #REMOVE_OVERRIDE} for the write, and no health check).
 */
public enum HostStep {
  PENDING("Pending"),
  PREFLIGHT("Pre-flight: audit the host and read its worker"),
  QUARANTINE("Quarantine the worker"),
  DRAIN("Drain: wait for the running task to finish"),
  WRITE_OVERRIDE("Write the override"),
  /** The revert's counterpart of {@link #WRITE_OVERRIDE} (HostRevertWorkflow). */
  REMOVE_OVERRIDE("Remove the override"),
  CONVERGE("Converge: get Puppet to run"),
  AWAIT_PUPPET("Wait for Puppet's report of the new override"),
  RELEASE("Release the quarantine"),
  VERIFY_HEALTH("Verify health: the worker completes tasks"),
  DONE("Done");

  private final String title;

  HostStep(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** The search attribute value and the CLI's spelling: {@code await-puppet}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
