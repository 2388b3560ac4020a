package dev.fleetroll.rollout;

import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host is in one running rollout only: its lease is a workflow with a fixed id ({@code lease/<host>}),
 * which Temporal refuses to start twice. The rollout takes them all at its start and signals them to
 * end when it ends (or when an operator excludes a host).
 */
final class Leases {

  private final RolloutSpec spec;

  Leases(RolloutSpec spec) {
    this.spec = spec;
  }

  /** Takes the lease of every host; returns those another running rollout holds. */
  List<String> takeAll(Collection<HostRecord> hosts) {
    Map<String, Promise<WorkflowExecution>> leases = new LinkedHashMap<>();
    for (HostRecord record : hosts) {
      LeaseWorkflow lease = Workflow.newChildWorkflowStub(LeaseWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(RolloutIds.lease(record.host()))
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) // outlives continue-as-new
          .setStaticSummary("Lease of " + record.host() + " for " + spec.id())
          .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
              .set(SearchAttributes.KIND, LeaseWorkflow.KIND)
              .set(SearchAttributes.HOST, record.host())
              .set(SearchAttributes.ROLLOUT_ID, spec.id())
              .set(SearchAttributes.ACTOR, spec.actor())
              .build())
          .build());
      Async.procedure(lease::hold, new LeaseRequest(record.host(), spec.id(), spec.actor()));
      leases.put(record.host(), Workflow.getWorkflowExecution(lease));
    }
    List<String> heldElsewhere = new ArrayList<>();
    for (Map.Entry<String, Promise<WorkflowExecution>> lease : leases.entrySet()) {
      try {
        lease.getValue().get();
      } catch (ChildWorkflowFailure e) {
        heldElsewhere.add(lease.getKey());
      }
    }
    return heldElsewhere;
  }

  /** Ends the leases of every host this rollout holds (those with a stage, not excluded since). */
  void releaseAll(Collection<HostRecord> hosts) {
    List<Promise<Void>> signals = new ArrayList<>();
    for (HostRecord r : hosts) {
      // An excluded host's lease was released when it was excluded (or was never ours).
      if (r.stage() >= 0 && r.status() != HostStatus.EXCLUDED) {
        signals.add(signal(r.host()));
      }
    }
    signals.forEach(Leases::settle);
  }

  /** Ends one host's lease now, so another rollout may take the host. */
  void release(String host) {
    settle(signal(host));
  }

  private Promise<Void> signal(String host) {
    LeaseWorkflow lease = Workflow.newExternalWorkflowStub(LeaseWorkflow.class, RolloutIds.lease(host));
    return Async.procedure(lease::release, spec.id());
  }

  private static void settle(Promise<Void> signal) {
    try {
      signal.get();
    } catch (RuntimeException e) {
      // The lease is gone already (ended by hand): nothing is held.
    }
  }
}
