package dev.fleetroll.ssh;

/**
 * Why an operation on a host failed. The rollout decides from this whether the world was in the way
 * (infrastructure: retry later, do not blame the change) or the change itself failed.
 */
public enum SshFailure {
  /** No TCP connection or SSH handshake: the host is down, unroutable, or the name does not resolve. */
  UNREACHABLE(true),
  /** The host key is unknown or differs from known_hosts; nothing was sent to the host. */
  HOST_KEY(true),
  /** The host's SSH configuration uses something Fleetroll refuses (the message names the file and line). */
  SSH_CONFIG(true),
  /** The host refused every key we offered. */
  AUTH_FAILED(true),
  /** {@code sudo -n} refused: the login user may not run the command without a password. */
  NO_SUDO(true),
  /** The host's filesystem is mounted read-only; nothing was written. */
  READ_ONLY_FILESYSTEM(true),
  /** The command did not finish within its timeout. */
  TIMEOUT(true),
  /** The command ran and failed (for example Puppet reported a failure). */
  COMMAND_FAILED(false);

  private final boolean infrastructure;

  SshFailure(boolean infrastructure) {
    this.infrastructure = infrastructure;
  }

  /** True when the failure says nothing about the change being rolled out. */
  public boolean infrastructure() {
    return infrastructure;
  }

  /** Lower-case name for summaries, JSON and the store: {@code no_sudo}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
