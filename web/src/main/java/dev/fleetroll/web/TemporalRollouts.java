package dev.fleetroll.web;

import dev.fleetroll.inventory.drift.RolloutStates;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.host.HostProgress;
import dev.fleetroll.rollout.host.HostRolloutWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WebUiLinks;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollouts read from Temporal: the list from the visibility store (the search attributes every rollout
 * publishes), a rollout from its {@code progress} query, in-flight hosts from their pipelines' query.
 * Only reads: no signal, update or start.
 */
public final class TemporalRollouts implements Rollouts {

  private final WorkflowClient client;
  private final String address;
  private final String webUi;

  /**
   * @param address the Temporal frontend, for messages
   * @param webUi the Temporal Web UI's base URL, null or blank when unknown
   */
  public TemporalRollouts(WorkflowClient client, String address, String webUi) {
    this.client = client;
    this.address = address;
    this.webUi = webUi == null || webUi.isBlank() ? null : webUi.replaceAll("/+$", "");
  }

  @Override
  public String source() {
    return "Temporal at " + address + ", namespace " + client.getOptions().getNamespace();
  }

  @Override
  public List<Summary> list(int limit) {
    List<WorkflowExecutionMetadata> executions = read(() -> client.listExecutions(
        "FleetrollKind = '" + RolloutWorkflow.KIND + "'").limit(limit * 2L).toList());
    List<Summary> out = new ArrayList<>();
    for (WorkflowExecutionMetadata m : executions) {
      if (m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
        continue; // the same rollout, an earlier run
      }
      if (out.size() == limit) {
        break;
      }
      var a = m.getTypedSearchAttributes();
      String id = m.getExecution().getWorkflowId();
      boolean running = m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      String state = m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED ? "terminated"
          : a.get(SearchAttributes.ROLLOUT_STATE);
      Duration eta = null;
      String name = id;
      if (running) {
        // The ETA is only in the rollout's state; a rollout whose worker is away still lists.
        try {
          RolloutProgress p = client.newWorkflowStub(RolloutWorkflow.class, id).progress();
          eta = p.eta();
          name = p.name();
        } catch (WorkflowException | StatusRuntimeException e) {
          eta = null;
        }
      }
      out.add(new Summary(id, name, state, a.get(SearchAttributes.STAGE), orZero(a.get(SearchAttributes.HOSTS_TOTAL)),
          orZero(a.get(SearchAttributes.HOSTS_DONE)), orZero(a.get(SearchAttributes.HOSTS_FAILED)),
          a.get(SearchAttributes.ACTOR), m.getStartTime(), eta, link(id)));
    }
    return out;
  }

  @Override
  public Optional<Detail> rollout(String id) {
    RolloutProgress p;
    try {
      p = read(() -> client.newWorkflowStub(RolloutWorkflow.class, id).progress());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowQueryException e) {
      if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw new Unavailable("rollout " + id + " cannot be queried now (is a worker running?): " + e.getMessage(), e);
    }
    Map<String, HostProgress> live = new LinkedHashMap<>();
    for (HostRecord h : p.hosts()) {
      if (h.status() == HostStatus.IN_FLIGHT) {
        try {
          live.put(h.host(), client.newWorkflowStub(HostRolloutWorkflow.class, RolloutIds.host(id, h.host())).progress());
        } catch (WorkflowException | StatusRuntimeException e) {
          // Its pipeline is starting or just ended: the rollout's own record is shown.
        }
      }
    }
    return Optional.of(new Detail(p, live, link(id)));
  }

  @Override
  public RolloutStates states() {
    return read(() -> RolloutStates.read(client));
  }

  private String link(String workflowId) {
    return webUi == null ? null : WebUiLinks.workflow(webUi, client.getOptions().getNamespace(), workflowId);
  }

  private <T> T read(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw new Unavailable("cannot read rollouts from " + source() + ": " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"), e);
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
