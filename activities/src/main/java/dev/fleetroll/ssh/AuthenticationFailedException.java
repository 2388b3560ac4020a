package dev.fleetroll.ssh;

/** The host refused every key offered. */
public final class AuthenticationFailedException extends HostException {
  public AuthenticationFailedException(String host, String message) {
    super(host, SshFailure.AUTH_FAILED, message);
  }

  public AuthenticationFailedException(String host, String message, Throwable cause) {
    super(host, SshFailure.AUTH_FAILED, message, cause);
  }
}
