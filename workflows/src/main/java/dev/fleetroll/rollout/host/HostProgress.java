package dev.fleetroll.rollout.host;

import java.time.Instant;

/**
 * Where a host's pipeline is now (the host workflow's query).
 *
 * @param stepSince when the current step began (workflow time)
 * @param outcome set once the pipeline ended
 */
public record HostProgress(String host, int pass, HostStep step, Instant stepSince, boolean quarantined,
    boolean abortRequested, HostOutcome outcome) {}
