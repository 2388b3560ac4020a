package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.OperatorCommand;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one-shot finalize of a succeeded rollout (workflow id {@code finalize-<rollout id>}): snapshot every
 * host, lease them, revert them ({@code HostRevertWorkflow}, at most max_in_flight at once), then watch the
 * gates for the observation period. A regression pauses it with a notification; nothing is re-applied
 * automatically: an operator acknowledges (observation goes on, that gate no longer pauses) or aborts.
 */
@WorkflowInterface
public interface FinalizeWorkflow {

  /** The search attribute {@code FleetrollKind} of finalizes. */
  String KIND = "finalize";

  @WorkflowMethod
  FinalizeProgress run(FinalizeRequest request);

  @QueryMethod
  FinalizeProgress progress();

  /** The operator has seen the regression: observation goes on, the gates that failed no longer pause it. */
  @UpdateMethod
  FinalizeProgress acknowledge(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "acknowledge")
  void validateAcknowledge(OperatorCommand command);

  /** Stops: no new revert starts (those running finish), the observation ends. Nothing is re-applied. */
  @UpdateMethod
  FinalizeProgress abort(OperatorCommand command);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(OperatorCommand command);

  /** The abort as a signal (Send Signal in the Web UI): the same rules; a refused one is recorded as a decision. */
  @SignalMethod(name = "abort")
  void abortSignal(OperatorCommand command);
}
