package dev.fleetroll.ssh;

/** An operation on one host failed; {@link #failure()} says how. The message names the host. */
public class HostException extends RuntimeException {
  private final String host;
  private final HostFailure failure;

  public HostException(String host, HostFailure failure, String message) {
    this(host, failure, message, null);
  }

  public HostException(String host, HostFailure failure, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.host = host;
    this.failure = failure;
  }

  public String host() {
    return host;
  }

  public HostFailure failure() {
    return failure;
  }

  /** The message without the leading host name. */
  public String detail() {
    String message = getMessage();
    return message.startsWith(host + ": ") ? message.substring(host.length() + 2) : message;
  }
}
