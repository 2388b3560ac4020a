package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.ssh.HostException;
import dev.fleetroll.taskcluster.TaskclusterException;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;

/** Turns what the clients throw into the typed failures of {@link StepFailures}. */
final class ActivityFailures {

  private ActivityFailures() {}

  static ApplicationFailure of(HostException e) {
    String type = switch (e.failure()) {
      case UNREACHABLE -> StepFailures.UNREACHABLE;
      case HOST_KEY -> StepFailures.HOST_KEY;
      case SSH_CONFIG -> StepFailures.SSH_CONFIG;
      case AUTH_FAILED -> StepFailures.AUTH_FAILED;
      case NO_SUDO -> StepFailures.NO_SUDO;
      case READ_ONLY_FILESYSTEM -> StepFailures.READ_ONLY_FILESYSTEM;
      case TIMEOUT -> StepFailures.COMMAND_TIMEOUT;
      case COMMAND_FAILED -> StepFailures.COMMAND_FAILED;
    };
    return failure(type, e.getMessage());
  }

  /** Taskcluster's Retry-After becomes the delay before the activity's next attempt. */
  static ApplicationFailure of(TaskclusterException e) {
    String type = e.authFailed() ? StepFailures.TASKCLUSTER_AUTH
        : e.notFound() ? StepFailures.WORKER_UNKNOWN : StepFailures.TASKCLUSTER_UNAVAILABLE;
    ApplicationFailure failure = failure(type, "Taskcluster: " + e.getMessage());
    if (e.retryAfter() != null && !failure.isNonRetryable()) {
      failure.setNextRetryDelay(e.retryAfter());
    }
    return failure;
  }

  static ApplicationFailure failure(String type, String message) {
    return StepFailures.PERMANENT.contains(type)
        ? ApplicationFailure.newNonRetryableFailure(message, type)
        : ApplicationFailure.newFailure(message, type);
  }

  /** Not an error: the world is not there yet. Benign, so the SDK does not log it as a failure. */
  static ApplicationFailure waiting(String what) {
    return ApplicationFailure.newBuilder().setType(StepFailures.WAITING).setMessage(what)
        .setCategory(ApplicationErrorCategory.BENIGN).build();
  }
}
