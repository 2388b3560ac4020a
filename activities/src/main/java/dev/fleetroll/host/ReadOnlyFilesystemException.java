package dev.fleetroll.host;

import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.HostFailure;

/** The file could not be written because the host's filesystem is read-only; nothing changed. */
public final class ReadOnlyFilesystemException extends HostException {
  public ReadOnlyFilesystemException(String host, String message) {
    super(host, HostFailure.READ_ONLY_FILESYSTEM, message);
  }
}
