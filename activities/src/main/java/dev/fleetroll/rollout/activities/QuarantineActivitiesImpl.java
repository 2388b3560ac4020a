package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.QuarantineReason;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.quarantine.QuarantineActivities;
import dev.fleetroll.rollout.quarantine.StrandedQuarantine;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterException;
import dev.fleetroll.taskcluster.Worker;
import dev.fleetroll.taskcluster.WorkerAddress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds workers left quarantined by rollouts that no longer run: lists the quarantined workers of every
 * pool of the provisioner (Taskcluster), keeps those whose quarantineInfo names a Fleetroll rollout, and
 * asks Temporal whether that rollout (or its finalize) still runs. For a rollout that ended with a result,
 * the host's name and the rollout's last word on it come from that result.
 */
public final class QuarantineActivitiesImpl implements QuarantineActivities {

  private final Supplier<TaskclusterClient> taskcluster;
  private final String provisioner;
  private final WorkflowClient temporal;
  private final Clock clock = Clock.systemUTC();

  public QuarantineActivitiesImpl(Supplier<TaskclusterClient> taskcluster, String provisioner, WorkflowClient temporal) {
    this.taskcluster = taskcluster;
    this.provisioner = provisioner;
    this.temporal = temporal;
  }

  @Override
  public List<StrandedQuarantine> strandedQuarantines() {
    return Heartbeats.around(() -> {
      try {
        return find();
      } catch (TaskclusterException e) {
        throw ActivityFailures.of(e);
      }
    });
  }

  private List<StrandedQuarantine> find() {
    TaskclusterClient client = taskcluster.get();
    Instant now = clock.instant();
    Map<String, Ended> rollouts = new HashMap<>();
    List<StrandedQuarantine> stranded = new ArrayList<>();
    for (String workerType : client.workerTypes(provisioner)) {
      for (TaskclusterClient.ListedWorker listed : client.listWorkers(provisioner, workerType, true)) {
        if (listed.quarantineUntil() == null || !listed.quarantineUntil().isAfter(now)) {
          continue;
        }
        Worker w = client.workerWithHistory(new WorkerAddress(provisioner, workerType, listed.workerGroup(),
            listed.workerId()));
        String rolloutId = QuarantineReason.rolloutOf(w.quarantineReason());
        if (rolloutId == null) {
          continue; // quarantined by people or another tool: not ours to report
        }
        Ended ended = rollouts.computeIfAbsent(rolloutId, this::ended);
        if (ended == null) {
          continue; // still running: its rollout (or finalize) holds the host on purpose
        }
        WorkerRef ref = WorkerLocator.ref(w.address());
        HostRecord record = ended.host(ref.workerId());
        List<Worker.QuarantineDetail> details = w.quarantineDetails();
        stranded.add(new StrandedQuarantine(record != null ? record.host() : ref.workerId(), ref, rolloutId, ended.state(),
            w.quarantineReason(), record != null ? lastWord(record) : null,
            details.isEmpty() ? null : details.getLast().updatedAt()));
      }
    }
    return stranded;
  }

  /** How a rollout ended, or null while it (or its finalize) runs. */
  private Ended ended(String rolloutId) {
    if (running(RolloutIds.finalize(rolloutId))) {
      return null;
    }
    WorkflowStub rollout = temporal.newUntypedWorkflowStub(rolloutId);
    WorkflowExecutionStatus status;
    try {
      status = rollout.describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return new Ended("unknown (no such workflow)", null);
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return null;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      RolloutResult result = rollout.getResult(RolloutResult.class);
      return new Ended(result.status().code(), result);
    }
    return new Ended(status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT).replace('_', '-'),
        null);
  }

  private boolean running(String workflowId) {
    try {
      return temporal.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** Why the rollout left the host quarantined: its failure, or how it stopped. */
  private static String lastWord(HostRecord record) {
    HostOutcome o = record.revert() != null ? record.revert() : record.outcome();
    String state = record.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
    return o == null || o.failure() == null ? state : state + ": " + o.failure().message();
  }

  /** A rollout that ended: its status, and its result when it completed. */
  private record Ended(String state, RolloutResult result) {
    HostRecord host(String workerId) {
      if (result == null) {
        return null;
      }
      return result.hosts().stream().filter(h -> h.outcome() != null && h.outcome().worker() != null
          && h.outcome().worker().workerId().equals(workerId)).findFirst().orElse(null);
    }
  }
}
