package dev.fleetroll.rollout.gate;

import java.time.Instant;
import java.util.List;

/**
 * What to collect gate evidence about.
 *
 * @param rolledOut hosts this rollout changed and released back to work (their SSH reachability is checked
 *     too); failed hosts belong in the evidence's failed-host counts, not here
 * @param baseline hosts of the rollout not touched yet, for the baseline of the outcome gates
 * @param windowStart tasks resolved before this do not count
 * @param overrideSha the rolled-out override: when it sets {@code WORKER_TYPE_OVERRIDE}, the rolled-out
 *     hosts' workers are read in that pool; null when it does not matter
 */
public record EvidenceRequest(String rolloutId, List<EvidenceHost> rolledOut, List<EvidenceHost> baseline,
    Instant windowStart, String overrideSha) {

  /** Without the override: every worker is read in the pool its pre-flight (or role) says. */
  public EvidenceRequest(String rolloutId, List<EvidenceHost> rolledOut, List<EvidenceHost> baseline,
      Instant windowStart) {
    this(rolloutId, rolledOut, baseline, windowStart, null);
  }
}
