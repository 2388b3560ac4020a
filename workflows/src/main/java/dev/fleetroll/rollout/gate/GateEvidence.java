package dev.fleetroll.rollout.gate;

import java.time.Instant;
import java.util.List;

/**
 * The facts the gates are judged on: the rolled-out hosts, the baseline (not yet touched hosts of the
 * same worker pools) over the same window, and the failed hosts by type (from the rollout's own records).
 *
 * @param taskclusterError set when Taskcluster could not be read; the gates then have no data
 */
public record GateEvidence(Instant windowStart, Instant collectedAt, List<WorkerEvidence> rolledOut,
    List<WorkerEvidence> baseline, int failedInfrastructure, int failedChange, String taskclusterError) {}
