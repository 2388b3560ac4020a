package dev.fleetroll.rollout.host;

/**
 * The pre-flight decision, from what the audit and Taskcluster say: may this rollout touch the host?
 * A host is left untouched (and fails as infrastructure) when it carries someone else's override,
 * has no worker we can find, or is quarantined by someone else.
 */
public final class Preflight {

  private Preflight() {}

  /** @return null when the host may proceed, else why not */
  public static HostFailure check(HostJob job, HostFacts host, WorkerFacts worker) {
    if (host.hasOverride() && !host.overrideSha().equals(job.overrideSha())) {
      return HostFailure.of(HostStep.PREFLIGHT, StepFailures.OVERRIDE_CONFLICT, "the host has another override ("
          + host.overrideSha().substring(0, 12) + "); nothing was touched: exclude the host or remove that override");
    }
    if (worker.worker() == null) {
      return HostFailure.of(HostStep.PREFLIGHT, StepFailures.WORKER_UNKNOWN,
          "no Taskcluster worker for the host: " + worker.unknownReason() + "; nothing was touched");
    }
    if (worker.quarantined() && !QuarantineReason.isOurs(worker.quarantineReason(), job.rolloutId())) {
      return HostFailure.of(HostStep.PREFLIGHT, StepFailures.QUARANTINED_BY_OTHER, "the worker is quarantined by"
          + " someone else (" + worker.quarantineReason() + "); nothing was touched");
    }
    return null;
  }
}
