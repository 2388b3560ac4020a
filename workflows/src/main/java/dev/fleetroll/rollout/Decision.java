package dev.fleetroll.rollout;

import java.time.Instant;

/** An operator's command as the rollout recorded it: who, when, what, why, at which stage. */
public record Decision(String kind, String actor, Instant at, String reason, String stage) {}
