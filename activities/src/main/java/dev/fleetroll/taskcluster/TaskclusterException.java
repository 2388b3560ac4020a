package dev.fleetroll.taskcluster;

import java.time.Duration;

/**
 * A Taskcluster call failed. {@link #status()} is the HTTP status (0 when no response came back)
 * and {@link #code()} Taskcluster's error code ({@code ResourceNotFound}, {@code InsufficientScopes}...).
 */
public class TaskclusterException extends RuntimeException {
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public TaskclusterException(int status, String code, String message, Throwable cause) {
    this(status, code, message, cause, null);
  }

  public TaskclusterException(int status, String code, String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** How long Taskcluster asked us to wait before trying again (its Retry-After), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The worker, task or pool does not exist (404). */
  public boolean notFound() {
    return status == 404;
  }

  /** Our credentials are missing, wrong or lack the scope (401/403). */
  public boolean authFailed() {
    return status == 401 || status == 403;
  }

  /** Taskcluster could not be reached or kept failing after our retries: try again later. */
  public boolean unavailable() {
    return status == 0 || status >= 500 || status == 429;
  }
}
