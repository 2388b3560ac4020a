package dev.fleetroll.rollout.host;

/**
 * What Taskcluster knows about a host's worker.
 *
 * @param worker its address, null when Taskcluster has no such worker (see {@code unknownReason})
 * @param quarantineReason the quarantineInfo of the newest quarantine call, if quarantined
 */
public record WorkerFacts(WorkerRef worker, String unknownReason, boolean quarantined, String quarantineReason) {}
