package dev.fleetroll.rollout.freeze;

import dev.fleetroll.rollout.schedule.Freeze;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The team's freezes, shared by every rollout on the cluster: one long-running workflow with a fixed id. The
 * CLI changes it by updates (validated, so a refused change never reaches history; the history and the audit
 * record who changed what and why); each change is announced to the running rollouts, and a rollout that
 * starts reads the book first.
 */
@WorkflowInterface
public interface FreezeWorkflow {

  String ID = "fleetroll-freezes";
  String KIND = "freezes";

  @WorkflowMethod
  void run(FreezeBook book);

  @UpdateMethod
  Freeze add(FreezeChange change);

  @UpdateValidatorMethod(updateName = "add")
  void validateAdd(FreezeChange change);

  @UpdateMethod
  Freeze remove(FreezeChange change);

  @UpdateValidatorMethod(updateName = "remove")
  void validateRemove(FreezeChange change);

  @QueryMethod
  FreezeBook book();
}
