package dev.fleetroll.rollout.readiness;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The pre-flight of a rollout, finalize or rollback, run by the CLI before anything is started: a worker
 * of the task queue says what it lacks for the hosts (SSH config, known_hosts, keys, Taskcluster
 * credentials and their expiry). Its own workflow, so that it runs where the rollout's activities will.
 */
@WorkflowInterface
public interface ReadinessWorkflow {

  /** The search attribute {@code FleetrollKind} of readiness checks. */
  String KIND = "readiness";

  @WorkflowMethod
  Readiness check(ReadinessRequest request);
}
