package dev.fleetroll.rollout.quarantine;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Lists the hosts left quarantined by rollouts that no longer run. The worker runs it on a Temporal
 * Schedule ({@link #SCHEDULE_ID}), so the list is in the Web UI and the worker's log; {@code fleetroll host
 * quarantined} runs it at once.
 */
@WorkflowInterface
public interface QuarantineSweepWorkflow {

  /** The search attribute {@code FleetrollKind} of sweeps. */
  String KIND = "quarantine-sweep";
  /** The schedule the worker registers at its start. */
  String SCHEDULE_ID = "fleetroll-quarantine-sweep";

  @WorkflowMethod
  List<StrandedQuarantine> sweep();
}
