package dev.fleetroll.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A staged rollout of one override (workflow id = rollout id). Leases every target, then runs the
 * stages: at most {@code max_in_flight} host pipelines at once, a slot refilling as each finishes,
 * waiting for assessment between stages. Operator commands are updates with validators: a rejected
 * command never reaches history, and the caller learns why.
 */
@WorkflowInterface
public interface RolloutWorkflow {

  /** The search attribute {@code FleetrollKind} of rollouts. */
  String KIND = "rollout";

  @WorkflowMethod
  RolloutResult run(RolloutInput input);

  @QueryMethod
  RolloutProgress progress();

  /** Starts the next stage. Only while waiting for assessment. */
  @UpdateMethod
  RolloutProgress advance(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "advance")
  void validateAdvance(OperatorCommand command);

  /**
   * Stops the rollout: no new host starts, in-flight hosts finish their current step and are released,
   * hosts waiting at the end of their stage are released. Failed hosts keep their state (and quarantine).
   */
  @UpdateMethod
  RolloutProgress abort(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(OperatorCommand command);
}
