package dev.fleetroll.cli;

import dev.fleetroll.Durations;
import dev.fleetroll.inventory.GatherRequest;
import dev.fleetroll.inventory.InventoryGatherWorkflow;
import dev.fleetroll.ping.PingWorkflow;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.finalize.FinalizeRequest;
import dev.fleetroll.rollout.finalize.FinalizeWorkflow;
import dev.fleetroll.rollout.quarantine.QuarantineSweepWorkflow;
import dev.fleetroll.rollout.readiness.ReadinessWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the CLI labels each kind of workflow it starts: the id, the start options, the summary the Web UI
 * shows and the search attributes it starts with (the workflows keep them current from there). The ids of
 * rollouts, host children, leases and finalizes come from {@link RolloutIds}, which the workflows share.
 */
public final class WorkflowLabels {
  private WorkflowLabels() {}

  public static WorkflowOptions ping(String taskQueue, String actor, String message) {
    String id = "ping-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(taskQueue)
        .setStaticSummary("Ping from " + actor + ": " + message)
        .setTypedSearchAttributes(kind(PingWorkflow.KIND).set(SearchAttributes.ACTOR, actor).build())
        .build();
  }

  public static WorkflowOptions rollout(RolloutSpec spec, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(spec.id())
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary("Roll out " + spec.overrideName() + " to " + spec.hosts().size() + " hosts (" + spec.name()
            + "), started by " + spec.actor())
        .setTypedSearchAttributes(kind(RolloutWorkflow.KIND)
            .set(SearchAttributes.ROLLOUT_ID, spec.id())
            .set(SearchAttributes.ACTOR, spec.actor())
            .set(SearchAttributes.OVERRIDE_SHA, spec.overrideSha())
            .set(SearchAttributes.ROLLOUT_STATE, "starting")
            .set(SearchAttributes.HOSTS_TOTAL, (long) spec.hosts().size())
            .build())
        .build();
  }

  public static WorkflowOptions finalize(FinalizeRequest request, String taskQueue) {
    String id = request.rolloutId();
    return WorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.finalize(id))
        .setTaskQueue(taskQueue)
        // A finalize that failed or was terminated may be started again; one that completed may not.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .setStaticSummary("Finalize " + id + ": remove override " + request.overrideName() + " from "
            + request.hosts().size() + " hosts, started by " + request.actor())
        .setTypedSearchAttributes(kind(FinalizeWorkflow.KIND)
            .set(SearchAttributes.ROLLOUT_ID, id)
            .set(SearchAttributes.ACTOR, request.actor())
            .set(SearchAttributes.OVERRIDE_SHA, request.overrideSha())
            .set(SearchAttributes.ROLLOUT_STATE, "snapshotting")
            .set(SearchAttributes.HOSTS_TOTAL, (long) request.hosts().size())
            .build())
        .build();
  }

  /** The check, before a rollout or finalize {@code rolloutId} of {@code hosts}, that a worker can do it. */
  public static WorkflowOptions readiness(String rolloutId, String purpose, int hosts, String taskQueue, Duration timeout) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId("readiness-" + rolloutId + "-" + UUID.randomUUID().toString().substring(0, 8))
        .setTaskQueue(taskQueue)
        .setWorkflowExecutionTimeout(timeout)
        .setStaticSummary("Can a worker do the " + purpose + " " + rolloutId + "? (" + hosts + " hosts)")
        .setTypedSearchAttributes(kind(ReadinessWorkflow.KIND).set(SearchAttributes.ROLLOUT_ID, rolloutId).build())
        .build();
  }

  /** The runs of the inventory's gathering schedule. */
  public static WorkflowOptions inventoryGather(GatherRequest request, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(InventoryGatherWorkflow.SCHEDULE_ID)
        .setTaskQueue(taskQueue)
        .setStaticSummary("Gather " + request.hosts().size() + " hosts: SSH every " + Durations.humanize(request.every())
            + ", Taskcluster every " + Durations.humanize(request.tcEvery()) + ", GitHub every "
            + Durations.humanize(request.ghEvery()))
        // Also needed by the SDK (1.38) to describe the schedule: it decodes both, and fails on an absent one.
        .setStaticDetails("Audits the hosts over SSH, reads their Taskcluster workers and their Puppet branches' heads"
            + " on GitHub, whichever is due; records into the worker's inventory store (fleetroll store info).")
        .setTypedSearchAttributes(kind(InventoryGatherWorkflow.KIND).build())
        .build();
  }

  /** A quarantine sweep run now, outside the worker's schedule. */
  public static WorkflowOptions quarantineSweepNow(String taskQueue, Duration runTimeout) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(QuarantineSweepWorkflow.KIND + "/now-" + System.currentTimeMillis())
        .setTaskQueue(taskQueue)
        .setWorkflowRunTimeout(runTimeout)
        .build();
  }

  /** The team's freeze book: one per cluster, started by the first {@code freeze add}. */
  public static WorkflowOptions freezes(String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(dev.fleetroll.rollout.freeze.FreezeWorkflow.ID)
        .setTaskQueue(taskQueue)
        .setStaticSummary("The team's freezes: while one holds, no rollout starts a new host")
        .setTypedSearchAttributes(kind(dev.fleetroll.rollout.freeze.FreezeWorkflow.KIND).build())
        .build();
  }

  private static io.temporal.common.SearchAttributes.Builder kind(String kind) {
    return io.temporal.common.SearchAttributes.newBuilder().set(SearchAttributes.KIND, kind);
  }
}
