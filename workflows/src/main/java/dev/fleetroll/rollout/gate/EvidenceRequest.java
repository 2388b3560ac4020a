package dev.fleetroll.rollout.gate;

import java.time.Instant;
import java.util.List;

/**
 * What to collect gate evidence about.
 *
 * @param rolledOut hosts this rollout changed (their SSH reachability is checked too)
 * @param baseline hosts of the rollout not touched yet, for the baseline of the outcome gates
 * @param windowStart tasks resolved before this do not count
 */
public record EvidenceRequest(String rolloutId, List<EvidenceHost> rolledOut, List<EvidenceHost> baseline,
    Instant windowStart) {}
