package dev.fleetroll.rollout;

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
    Map<HostStep, Duration> stepDurations) {

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
