package dev.fleetroll.ssh;

/** No TCP connection or SSH handshake with the host. */
public final class HostUnreachableException extends HostException {
  public HostUnreachableException(String host, String message) {
    super(host, SshFailure.UNREACHABLE, message);
  }

  public HostUnreachableException(String host, String message, Throwable cause) {
    super(host, SshFailure.UNREACHABLE, message, cause);
  }
}
