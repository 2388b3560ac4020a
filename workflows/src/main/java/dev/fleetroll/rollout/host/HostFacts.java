package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.plan.HostPlatform;
import java.time.Instant;

/**
 * What the pre-flight audit of a host found.
 *
 * @param bootedAt when the host booted (worker clock; from its uptime)
 * @param overrideSha sha256 of the override on the host, null when none
 * @param workerTypeOverride the WORKER_TYPE_OVERRIDE of the override on the host, if any
 * @param puppetLastRun when Puppet last reported a run (host clock), null when never
 */
public record HostFacts(
    String host,
    HostPlatform platform,
    String role,
    Instant bootedAt,
    String overrideSha,
    String workerTypeOverride,
    Instant puppetLastRun,
    Boolean puppetSuccess,
    String puppetOverrideSha) {

  public boolean hasOverride() {
    return overrideSha != null;
  }
}
