package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import java.time.Instant;
import java.util.List;

/**
 * A finalize as its {@code progress} query (and its result) shows it.
 *
 * @param observeUntil when the observation ends, null before it starts
 * @param lastReport the gates at the last check, null before the first
 * @param regressions the failing gates that paused it, newest pause only (empty when none)
 * @param acknowledged gates an operator acknowledged: they no longer pause this finalize
 */
public record FinalizeProgress(String id, String rolloutId, String actor, String overrideSha, FinalizeStatus status,
    int total, int reverted, int failed, int inFlight, List<FinalizeHostRecord> hosts, Instant startedAt,
    Instant observeUntil, int checks, GateReport lastReport, List<GateResult> regressions, List<String> acknowledged,
    List<Decision> decisions) {}
