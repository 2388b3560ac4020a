package dev.fleetroll.rollout.host;

import java.time.Instant;

/** Puppet's own report of the run that applied the override (its metadata JSON). */
public record PuppetReport(Instant ranAt, boolean success, Integer exitCode, String gitRepo, String gitBranch,
    String gitSha, String overrideSha) {}
