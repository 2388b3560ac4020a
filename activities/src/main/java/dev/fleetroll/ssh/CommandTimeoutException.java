package dev.fleetroll.ssh;

/** A remote command did not finish in time; it was abandoned and its connection closed. */
public final class CommandTimeoutException extends HostException {
  public CommandTimeoutException(String host, String message) {
    super(host, SshFailure.TIMEOUT, message);
  }

  public CommandTimeoutException(String host, String message, Throwable cause) {
    super(host, SshFailure.TIMEOUT, message, cause);
  }
}
