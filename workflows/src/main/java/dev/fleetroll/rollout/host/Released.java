package dev.fleetroll.rollout.host;

import java.time.Instant;

/** {@code released} is false when there was nothing to release (an earlier attempt did, or someone else holds it). */
public record Released(Instant at, boolean released, String note) {}
