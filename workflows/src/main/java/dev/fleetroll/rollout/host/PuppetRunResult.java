package dev.fleetroll.rollout.host;

import java.time.Duration;

/**
 * One run of the Puppet wrapper that we started; {@code skipped} when Puppet had already reported a run
 * with the new override (an attempt before a crash did it).
 */
public record PuppetRunResult(boolean skipped, Integer exitCode, boolean succeeded, Duration duration) {}
