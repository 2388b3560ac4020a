package dev.fleetroll.host;

import java.time.Instant;

/**
 * The last Puppet run as the host records it. {@code source} says where it came from: the metadata
 * JSON that run-puppet.sh writes ({@code metadata}), Puppet's own state files ({@code legacy}, which
 * only know the time and success), or nothing ({@code none}).
 *
 * @param overrideSha sha256 of the override the run applied (null: the run had no override)
 * @param vaultSha sha256 of the vault the run used
 */
public record PuppetState(
    String source,
    Instant lastRun,
    Boolean success,
    Integer exitCode,
    Double durationSeconds,
    String role,
    String gitRepo,
    String gitBranch,
    String gitSha,
    Boolean gitDirty,
    String overrideSha,
    String vaultSha) {

  public static final PuppetState NONE = new PuppetState("none", null, null, null, null, null, null, null, null, null, null, null);

  public boolean known() {
    return !"none".equals(source);
  }
}
