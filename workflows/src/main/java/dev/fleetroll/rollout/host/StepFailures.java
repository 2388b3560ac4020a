package dev.fleetroll.rollout.host;

import java.util.List;

/**
 * The failure types host activities report ({@code ApplicationFailure.getType()}), and what each
 * means for the rollout. One place, shared by the activities that raise them and the workflow that
 * sorts them.
 */
public final class StepFailures {

  // The host (infrastructure).
  public static final String UNREACHABLE = "HostUnreachable";
  public static final String HOST_KEY = "HostKey";
  /** The SSH configuration for the host uses an option Fleetroll refuses (the message names file:line). */
  public static final String SSH_CONFIG = "SshConfig";
  public static final String AUTH_FAILED = "AuthFailed";
  public static final String NO_SUDO = "NoSudo";
  public static final String READ_ONLY_FILESYSTEM = "ReadOnlyFilesystem";
  public static final String COMMAND_TIMEOUT = "CommandTimeout";
  public static final String COMMAND_FAILED = "CommandFailed";
  /** The host has a different override than the one rolled out: we never replace someone else's change. */
  public static final String OVERRIDE_CONFLICT = "OverrideConflict";
  /** The worker's content store does not have the override (CLI and worker must share FLEETROLL_HOME). */
  public static final String OVERRIDE_NOT_STORED = "OverrideNotStored";

  // Taskcluster (infrastructure).
  public static final String TASKCLUSTER_UNAVAILABLE = "TaskclusterUnavailable";
  public static final String TASKCLUSTER_AUTH = "TaskclusterAuth";
  public static final String WORKER_UNKNOWN = "WorkerUnknown";
  public static final String QUARANTINED_BY_OTHER = "QuarantinedByOther";

  // Deadlines of the waits (decided by the workflow).
  public static final String DRAIN_DEADLINE = "DrainDeadline";
  public static final String PUPPET_DEADLINE = "PuppetDeadline";
  public static final String HEALTH_DEADLINE = "HealthDeadline";

  // The change.
  public static final String PUPPET_FAILED = "PuppetFailed";
  public static final String TASKS_FAILING = "TasksFailing";

  /** Not a failure: the world is not there yet; the polling retry policy looks again. */
  public static final String WAITING = "Waiting";

  /** Retrying cannot fix these. */
  public static final List<String> PERMANENT = List.of(HOST_KEY, SSH_CONFIG, AUTH_FAILED, NO_SUDO, READ_ONLY_FILESYSTEM,
      OVERRIDE_CONFLICT, OVERRIDE_NOT_STORED, TASKCLUSTER_AUTH, WORKER_UNKNOWN, QUARANTINED_BY_OTHER, PUPPET_FAILED,
      TASKS_FAILING);

  private StepFailures() {}

  public static FailureType typeOf(String failure) {
    return switch (failure) {
      case PUPPET_FAILED, TASKS_FAILING, HEALTH_DEADLINE -> FailureType.CHANGE;
      default -> FailureType.INFRASTRUCTURE;
    };
  }
}
