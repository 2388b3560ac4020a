package dev.fleetroll.ssh;

/** The host key is unknown or changed; the connection was refused before authenticating. */
public final class HostKeyException extends HostException {
  public HostKeyException(String host, String message) {
    super(host, SshFailure.HOST_KEY, message);
  }

  public HostKeyException(String host, String message, Throwable cause) {
    super(host, SshFailure.HOST_KEY, message, cause);
  }
}
