package dev.fleetroll.host;

import java.time.Instant;

/**
 * Everything one audit of a reachable host found (the facts of the MVP's audit script).
 *
 * @param host the host as the operator named it
 * @param osType {@code uname -s} as printed ({@code Linux}, {@code Darwin})
 * @param os the OS we know, or null for another
 * @param role the Puppet role (whitespace collapsed), or null when /etc/puppet_role is absent
 * @param overrideContent the override's text (UTF-8), or null when absent or not fetched
 */
public record HostAudit(
    String host,
    Instant observedAt,
    String osType,
    HostOs os,
    Long uptimeSeconds,
    String role,
    FileFacts override,
    String overrideContent,
    FileFacts vault,
    PuppetState puppet) {

  public boolean hasOverride() {
    return override.present();
  }

  /**
   * The override Puppet's last run applied is the one on the host now (or neither exists) and the
   * run succeeded. Whether that run is newer than our last change is for the caller to check.
   */
  public boolean overrideApplied() {
    if (puppet == null || !"metadata".equals(puppet.source()) || !Boolean.TRUE.equals(puppet.success())) {
      return false;
    }
    String onHost = override.present() ? override.sha256() : null;
    return java.util.Objects.equals(onHost, puppet.overrideSha());
  }
}
