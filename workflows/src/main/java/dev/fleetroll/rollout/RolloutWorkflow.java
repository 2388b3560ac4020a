package dev.fleetroll.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A staged rollout of one override (workflow id = rollout id). Leases every target, then runs the
 * stages: at most {@code max_in_flight} host pipelines at once, a slot refilling as each finishes,
 * waiting for assessment between stages. Operator commands are updates with validators: a rejected
 * command never reaches history, and the caller learns why. Pause, resume and abort are also signals of
 * the same names (the Temporal Web UI's Send Signal, {@code temporal workflow signal}): the same rules
 * apply, and since a signal's sender cannot be told, a refused one is recorded as a {@code refused}
 * decision with the reason.
 */
@WorkflowInterface
public interface RolloutWorkflow {

  /** The search attribute {@code FleetrollKind} of rollouts. */
  String KIND = "rollout";

  @WorkflowMethod
  RolloutResult run(RolloutInput input);

  @QueryMethod
  RolloutProgress progress();

  /**
   * Starts the next stage. Only while waiting for assessment; refused while a gate fails unless forced
   * (with a reason). {@code batchSize} sets the size of the next stage.
   */
  @UpdateMethod
  RolloutProgress advance(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "advance")
  void validateAdvance(OperatorCommand command);

  /** No new host starts and no stage advances until resumed; hosts in flight run to their end. */
  @UpdateMethod
  RolloutProgress pause(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause(OperatorCommand command);

  @SignalMethod(name = "pause")
  void pauseSignal(OperatorCommand command);

  @UpdateMethod
  RolloutProgress resume(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(OperatorCommand command);

  @SignalMethod(name = "resume")
  void resumeSignal(OperatorCommand command);

  /**
   * Stops the rollout as the command's {@link AbortMode} says: no new host starts; in-flight hosts run
   * to their end (stop-new) or finish their current step and are released (safe-stop, rollback); hosts
   * waiting at the end of their stage are released; failed hosts keep their state (and quarantine);
   * rollback then reverts every host the rollout wrote to. A reason is required.
   */
  @UpdateMethod
  RolloutProgress abort(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(OperatorCommand command);

  @SignalMethod(name = "abort")
  void abortSignal(OperatorCommand command);

  /** The team's freezes changed (sent by the freeze workflow to every running rollout). */
  @SignalMethod(name = FREEZES_CHANGED)
  void freezesChanged(dev.fleetroll.rollout.freeze.TeamFreezes freezes);

  String FREEZES_CHANGED = "freezesChanged";

  /** A host not started yet will not be: it stays in the rollout as skipped. A reason is required. */
  @UpdateMethod
  RolloutProgress skip(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "skip")
  void validateSkip(OperatorCommand command);

  /** A failed host gets another pass (its stage runs again for it if the stage has ended). */
  @UpdateMethod
  RolloutProgress retry(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(OperatorCommand command);

  /** A host not started yet leaves the rollout and its lease is released. A reason is required. */
  @UpdateMethod
  RolloutProgress exclude(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "exclude")
  void validateExclude(OperatorCommand command);
}
