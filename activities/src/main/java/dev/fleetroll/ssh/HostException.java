package dev.fleetroll.ssh;

/** An operation on one host failed; {@link #failure()} says how. The message names the host. */
public class HostException extends RuntimeException {
  private final String host;
  private final SshFailure failure;

  public HostException(String host, SshFailure failure, String message) {
    this(host, failure, message, null);
  }

  public HostException(String host, SshFailure failure, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.host = host;
    this.failure = failure;
  }

  /** The exception of the kind {@code failure} names (callers catch the subclasses, e.g. to retry an unreachable host). */
  public static HostException of(String host, SshFailure failure, String message, Throwable cause) {
    return switch (failure) {
      case UNREACHABLE -> new HostUnreachableException(host, message, cause);
      case HOST_KEY -> new HostKeyException(host, message, cause);
      case AUTH_FAILED -> new AuthenticationFailedException(host, message, cause);
      case TIMEOUT -> new CommandTimeoutException(host, message, cause);
      default -> new HostException(host, failure, message, cause);
    };
  }

  public String host() {
    return host;
  }

  public SshFailure failure() {
    return failure;
  }

  /** The message without the leading host name. */
  public String detail() {
    String message = getMessage();
    return message.startsWith(host + ": ") ? message.substring(host.length() + 2) : message;
  }
}
