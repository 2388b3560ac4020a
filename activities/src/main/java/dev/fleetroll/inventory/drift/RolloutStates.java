package dev.fleetroll.inventory.drift;

import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What Temporal says about the rollouts drift refers to: running or not, and when each ended.
 *
 * @param known false when Temporal could not be asked (drift then cannot judge quarantines)
 */
public record RolloutStates(boolean known, Map<String, Run> byId) {

  public static final RolloutStates UNKNOWN = new RolloutStates(false, Map.of());

  /** @param closedAt when it ended, null while running */
  public record Run(String id, boolean running, String state, Instant closedAt) {}

  public Run get(String id) {
    return byId.get(id);
  }

  /**
   * Every rollout Temporal knows, running or not, from the visibility store (the search attributes every
   * rollout publishes). Only reads.
   *
   * @throws io.grpc.StatusRuntimeException when Temporal cannot be reached
   */
  public static RolloutStates read(WorkflowClient client) {
    Map<String, Run> byId = new HashMap<>();
    for (WorkflowExecutionMetadata m : client.listExecutions("FleetrollKind = '" + RolloutWorkflow.KIND + "'").toList()) {
      boolean running = m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      String id = m.getExecution().getWorkflowId();
      String state = m.getTypedSearchAttributes().get(SearchAttributes.ROLLOUT_STATE);
      Run run = new Run(id, running, state != null ? state
          : m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(), m.getCloseTime());
      // A rollout that continued as new has several runs: the running one, else the newest, speaks for it.
      byId.merge(id, run, (a, b) -> a.running() ? a : b.running() ? b
          : a.closedAt() != null && b.closedAt() != null && a.closedAt().isAfter(b.closedAt()) ? a : b);
    }
    return new RolloutStates(true, byId);
  }
}
