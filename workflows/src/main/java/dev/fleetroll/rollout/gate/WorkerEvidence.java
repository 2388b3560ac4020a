package dev.fleetroll.rollout.gate;

import java.time.Instant;

/**
 * What Taskcluster (and SSH) say about one host's worker over the gate window.
 *
 * @param known whether Taskcluster knows the worker (false: no data for it)
 * @param lastActive the worker's lastDateActive, null when unknown
 * @param completed tasks resolved completed in the window
 * @param failed tasks resolved failed in the window
 * @param exception tasks resolved exception in the window (worker-shutdown/claim-expired included)
 * @param sshable whether the host answered SSH, null when not checked (baseline hosts)
 */
public record WorkerEvidence(String host, String workerPool, boolean known, Instant lastActive, int completed,
    int failed, int exception, Boolean sshable) {}
