package dev.fleetroll.host;

import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.SshFailure;

/** The file could not be written because the host's filesystem is read-only; nothing changed. */
public final class ReadOnlyFilesystemException extends HostException {
  public ReadOnlyFilesystemException(String host, String message) {
    super(host, SshFailure.READ_ONLY_FILESYSTEM, message);
  }
}
