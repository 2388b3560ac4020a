package dev.fleetroll.host;

import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.SshFailure;

/** sudo -n refused to run our command: the login user has no passwordless sudo on the host. */
public final class NoSudoException extends HostException {
  public NoSudoException(String host, String message) {
    super(host, SshFailure.NO_SUDO, message);
  }
}
