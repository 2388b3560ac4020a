package dev.fleetroll.rollout.plan;

/**
 * One host a rollout will work on, as the pre-flight dry run saw it.
 *
 * @param host the name the operator used (SSH resolves it through the SSH config)
 * @param role the Puppet role, or null when unknown
 */
public record HostTarget(String host, HostPlatform platform, String role) {}
