package dev.fleetroll.rollout.lease;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The per-host lease (workflow id {@code lease/<host>}): while it runs, no other rollout can start it,
 * so a host is in one running rollout at a time. Temporal's workflow-id uniqueness is the lock.
 */
@WorkflowInterface
public interface LeaseWorkflow {

  /** The search attribute {@code FleetrollKind} of leases. */
  String KIND = "lease";

  @WorkflowMethod
  void hold(LeaseRequest request);

  /** Ends the lease; only its holder (by rollout id) can. */
  @SignalMethod
  void release(String rolloutId);

  @QueryMethod
  LeaseRequest holder();
}
