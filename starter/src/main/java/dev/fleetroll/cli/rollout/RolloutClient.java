package dev.fleetroll.cli.rollout;

import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.host.HostProgress;
import dev.fleetroll.rollout.host.HostRolloutWorkflow;
import dev.fleetroll.rollout.lease.LeaseWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the rollout commands ask Temporal: a rollout's progress, its hosts' steps, leases, the list. */
final class RolloutClient {

  private final TemporalConnection temporal;

  RolloutClient(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  TemporalConnection temporal() {
    return temporal;
  }

  RolloutWorkflow rollout(String id) {
    return temporal.client().newWorkflowStub(RolloutWorkflow.class, id);
  }

  /**
   * A rollout as its progress query shows it. An ended rollout answers from its result (a read of its close
   * event: no worker, no replay of thousands of events); a running one, or one that ended before results
   * carried their progress, through the query, which a worker answers (from its cache while the rollout runs).
   */
  RolloutProgress progress(String id) {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(id);
    try {
      WorkflowExecutionDescription described = stub.describe();
      if (described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        RolloutProgress last = stub.getResult(RolloutResult.class).finalProgress();
        if (last != null) {
          return last;
        }
      }
      temporal.requireWorker(described.getRawDescription().getExecutionConfig().getTaskQueue().getName());
      return rollout(id).progress();
    } catch (WorkflowNotFoundException e) {
      throw new InputException("no rollout " + id + " (see 'fleetroll rollout list')");
    }
  }

  /** Where an in-flight host's pipeline is, and what its current wait last saw. */
  record Live(HostProgress progress, String waitingFor) {}

  Optional<Live> live(String rolloutId, String host) {
    String id = RolloutIds.host(rolloutId, host);
    try {
      HostProgress p = temporal.client().newWorkflowStub(HostRolloutWorkflow.class, id).progress();
      DescribeWorkflowExecutionResponse d = temporal.stubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder().setNamespace(temporal.endpoint().namespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
      String waiting = null;
      for (PendingActivityInfo a : d.getPendingActivitiesList()) {
        if (a.hasLastFailure()) {
          waiting = a.getLastFailure().getMessage();
        }
      }
      return Optional.of(new Live(p, waiting));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Hosts among {@code hosts} (canonical names) whose lease is held by a running rollout, with that
   * rollout's id. A lease taken under another spelling of the host (by a CLI from before canonical
   * names) counts for the host. A lease whose rollout is no longer running (terminated by hand) holds
   * nothing: {@code endStale} ends it.
   */
  Map<String, String> leases(List<String> hosts, boolean endStale) {
    String domain = HostName.fleetDomain(System.getenv());
    Map<String, String> held = new HashMap<>();
    Map<String, String> leaseHost = new HashMap<>();
    for (WorkflowExecutionMetadata m : temporal.client().listExecutions(
        "FleetrollKind = '" + LeaseWorkflow.KIND + "' AND ExecutionStatus = 'Running'").toList()) {
      String host = m.getTypedSearchAttributes().get(SearchAttributes.HOST);
      String canonical = host == null ? null : HostName.legacy(host, domain);
      if (canonical != null && hosts.contains(canonical)) {
        held.put(canonical, m.getTypedSearchAttributes().get(SearchAttributes.ROLLOUT_ID));
        leaseHost.put(canonical, host);
      }
    }
    for (Map.Entry<String, String> stale : staleLeases(held).entrySet()) {
      held.remove(stale.getKey());
      if (endStale) {
        endStaleLease(leaseHost.get(stale.getKey()), stale.getValue());
      }
    }
    return held;
  }

  /** Leases whose rollout is no longer running (it was terminated): nothing holds those hosts. */
  Map<String, String> staleLeases(Map<String, String> leases) {
    Map<String, Boolean> running = new HashMap<>();
    return leases.entrySet().stream().filter(e -> !running.computeIfAbsent(e.getValue(), this::isRunning))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  void endStaleLease(String host, String owner) {
    WorkflowStub.fromTyped(temporal.client().newWorkflowStub(LeaseWorkflow.class, RolloutIds.lease(host)))
        .terminate("its rollout " + owner + " is no longer running");
  }

  boolean isRunning(String workflowId) {
    try {
      return temporal.client().newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  List<WorkflowExecutionMetadata> list(boolean runningOnly, int limit) {
    String query = "FleetrollKind = '" + RolloutWorkflow.KIND + "'" + (runningOnly ? " AND ExecutionStatus = 'Running'" : "");
    return temporal.client().listExecutions(query).limit(limit).toList();
  }
}
