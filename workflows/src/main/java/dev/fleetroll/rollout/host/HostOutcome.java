package dev.fleetroll.rollout.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How a host's pipeline ended, with the evidence.
 *
 * @param failure why it failed (null unless FAILED; for ABORTED and MOVED_TO_END the reason it stopped)
 * @param quarantined whether the worker is still quarantined by this rollout
 * @param worker the worker, null when the pre-flight did not find it
 * @param stepDurations how long each step took, for the rollout's ETA
 * @param overrideTouched this rollout's override may be on the host even without {@code override}: a write
 *     that failed (it may have written before failing), or a later pass that found it there; a rollback
 *     reverts such a host (false in outcomes recorded before issue 11)
 */
public record HostOutcome(
    String host,
    HostResult result,
    HostFailure failure,
    boolean quarantined,
    WorkerRef worker,
    OverrideWritten override,
    PuppetReport puppet,
    HealthReport health,
    Instant startedAt,
    Instant finishedAt,
    Map<HostStep, Duration> stepDurations,
    boolean overrideTouched) {

  /** An outcome that says nothing beyond {@code override} about the host's override. */
  public HostOutcome(String host, HostResult result, HostFailure failure, boolean quarantined, WorkerRef worker,
      OverrideWritten override, PuppetReport puppet, HealthReport health, Instant startedAt, Instant finishedAt,
      Map<HostStep, Duration> stepDurations) {
    this(host, result, failure, quarantined, worker, override, puppet, health, startedAt, finishedAt, stepDurations,
        false);
  }

  /**
   * The outcome of a host child that ended without one (terminated by hand, a bug): assume the worst, the
   * worker still quarantined. {@code what} names the child ("workflow", "revert"), {@code errorType} the failure.
   */
  public static HostOutcome withoutOutcome(String host, String errorType, String what, RuntimeException failure,
      WorkerRef worker, Instant startedAt, Instant now, boolean overrideTouched) {
    return new HostOutcome(host, HostResult.FAILED, new HostFailure(FailureType.INFRASTRUCTURE, HostStep.PENDING,
        errorType, "the host's " + what + " ended without an outcome: " + failure.getMessage()), true, worker, null, null,
        null, startedAt, now, Map.of(), overrideTouched);
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
