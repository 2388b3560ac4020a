package dev.fleetroll.rollout.freeze;

import java.time.Instant;

/** One line of the freeze book's audit: a freeze added or removed, by whom, when and why. */
public record FreezeRecord(String kind, String id, String actor, Instant at, String reason, Instant from, Instant to) {}
