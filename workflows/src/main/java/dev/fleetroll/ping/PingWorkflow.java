package dev.fleetroll.ping;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The first workflow end to end: proves the path CLI → Temporal → worker → activity, with the same
 * tools the rollout uses (search attributes, current details, a query, an update with a validator,
 * a heartbeating activity that survives a worker crash).
 */
@WorkflowInterface
public interface PingWorkflow {

  /** The search attribute {@code FleetrollKind} of ping workflows. */
  String KIND = "ping";

  @WorkflowMethod
  PingResult ping(PingRequest request);

  @QueryMethod
  PingProgress progress();

  /** Ends the hold early. Rejected (and never recorded) unless the ping is holding. */
  @UpdateMethod
  PingProgress release(PingRelease release);

  @UpdateValidatorMethod(updateName = "release")
  void validateRelease(PingRelease release);
}
