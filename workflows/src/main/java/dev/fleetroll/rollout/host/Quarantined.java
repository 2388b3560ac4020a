package dev.fleetroll.rollout.host;

import java.time.Instant;

/** The worker is quarantined; {@code alreadyQuarantined} when an earlier attempt (or pass) had done it. */
public record Quarantined(Instant at, boolean alreadyQuarantined) {}
