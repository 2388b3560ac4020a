package dev.fleetroll.inventory;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One scheduled gathering of the fleet's state (the MVP's {@code gather}): audit the hosts, read their
 * Taskcluster workers and their Puppet branches' heads, whichever is due. Started by the Temporal
 * Schedule {@link #SCHEDULE_ID} ({@code fleetroll inventory schedule}).
 */
@WorkflowInterface
public interface InventoryGatherWorkflow {
  String SCHEDULE_ID = "fleetroll-inventory";
  /** The {@code FleetrollKind} of its runs. */
  String KIND = "inventory";

  @WorkflowMethod
  GatherResult gather(GatherRequest request);
}
