package dev.fleetroll.ssh;

import java.time.Duration;

/**
 * How Fleetroll connects over SSH, on top of what the OpenSSH configuration says.
 *
 * @param connectTimeout TCP connect plus handshake and authentication (ConnectTimeout in the
 *     configuration wins when it is set for a host and this is the default)
 * @param commandTimeout default limit for one remote command
 * @param acceptNewHostKeys record the key of a host known_hosts does not know yet (as StrictHostKeyChecking
 *     accept-new for every host); a changed key is refused all the same
 */
public record SshOptions(Duration connectTimeout, Duration commandTimeout, boolean acceptNewHostKeys) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  public static SshOptions defaults() {
    return new SshOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, false);
  }

  public SshOptions withAcceptNewHostKeys(boolean accept) {
    return new SshOptions(connectTimeout, commandTimeout, accept);
  }
}
