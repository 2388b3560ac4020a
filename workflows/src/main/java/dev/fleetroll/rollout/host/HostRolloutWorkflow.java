package dev.fleetroll.rollout.host;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One host's pipeline inside a rollout (workflow id {@code <rollout id>/<host>}): pre-flight →
 * quarantine → drain → write override → converge → wait for Puppet → release → verify health.
 * It never throws: how it ended, with the evidence, is its {@link HostOutcome}.
 */
@WorkflowInterface
public interface HostRolloutWorkflow {

  /** The search attribute {@code FleetrollKind} of host workflows. */
  String KIND = "host";

  @WorkflowMethod
  HostOutcome run(HostRollout rollout);

  @QueryMethod
  HostProgress progress();

  /**
   * The rollout is aborted: finish the current action (a wait ends at once), release the quarantine
   * this rollout set, and stop.
   */
  @SignalMethod
  void abort(String actor);
}
