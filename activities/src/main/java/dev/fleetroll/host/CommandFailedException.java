package dev.fleetroll.host;

import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.SshFailure;

/** A remote command ran and reported failure. */
public final class CommandFailedException extends HostException {
  public CommandFailedException(String host, String message) {
    super(host, SshFailure.COMMAND_FAILED, message);
  }
}
