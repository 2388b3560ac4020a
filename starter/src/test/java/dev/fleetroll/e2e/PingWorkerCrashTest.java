package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.ping.PingRequest;
import dev.fleetroll.ping.PingResult;
import dev.fleetroll.ping.PingWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first workflow end to end on the real Temporal server: a worker process is killed with SIGKILL in
 * the middle of the ping's activity, a new worker takes over, and the workflow completes with the
 * activity retried once, resumed from the dead worker's last heartbeat.
 */
class PingWorkerCrashTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  @Test
  void activityKilledMidwayIsRetriedOnANewWorkerAndTheWorkflowCompletes() throws Exception {
    WorkerProcess first = temporal.startWorker();
    PingWorkflow ping = temporal.client().newWorkflowStub(PingWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId("ping-crash-" + System.currentTimeMillis())
        .setTaskQueue(temporal.endpoint().taskQueue())
        .build());
    WorkflowExecution execution =
        WorkflowClient.start(ping::ping, new PingRequest("survive", "e2e", Duration.ofSeconds(10), Duration.ZERO));

    PendingActivityInfo running = awaitHeartbeatingActivity(execution);
    assertThat(running.getLastWorkerIdentity()).startsWith(first.identityPrefix());
    first.kill();
    assertThat(first.process().exitValue()).isEqualTo(137); // 128 + SIGKILL
    WorkerProcess second = temporal.startWorker();

    PingResult result = WorkflowStub.fromTyped(ping).getResult(3, TimeUnit.MINUTES, PingResult.class);

    assertThat(result.pong().attempt()).isEqualTo(2);
    assertThat(result.pong().worker()).startsWith(second.identityPrefix());
    assertThat(result.pong().resumedAt()).as("steps done by the killed worker").isBetween(1, 9);
    assertThat(result.pong().steps()).isEqualTo(10);

    List<HistoryEvent> history = temporal.client().fetchHistory(execution.getWorkflowId()).getEvents();
    List<HistoryEvent> started = ofType(history, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assertThat(started).hasSize(1);
    var attempt = started.getFirst().getActivityTaskStartedEventAttributes();
    assertThat(attempt.getAttempt()).isEqualTo(2);
    assertThat(attempt.getIdentity()).startsWith(second.identityPrefix());
    assertThat(attempt.getLastFailure().getTimeoutFailureInfo().getTimeoutType())
        .as("attempt 1 ended because its worker stopped heartbeating")
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    assertThat(ofType(history, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).hasSize(1);
    assertThat(ofType(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).hasSize(1);

    var attributes = WorkflowStub.fromTyped(ping).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.KIND)).isEqualTo("ping");
    assertThat(attributes.get(SearchAttributes.ACTOR)).isEqualTo("e2e");
  }

  @Test
  void sigtermLetsTheRunningActivityFinishBeforeTheWorkerExits() throws Exception {
    WorkerProcess first = temporal.startWorker();
    PingWorkflow ping = temporal.client().newWorkflowStub(PingWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId("ping-sigterm-" + System.currentTimeMillis())
        .setTaskQueue(temporal.endpoint().taskQueue())
        .build());
    WorkflowExecution execution =
        WorkflowClient.start(ping::ping, new PingRequest("graceful", "e2e", Duration.ofSeconds(8), Duration.ZERO));
    awaitHeartbeatingActivity(execution);

    assertThat(first.stop(Duration.ofSeconds(60))).as("stopped within its grace period").isTrue();
    List<HistoryEvent> afterStop = temporal.client().fetchHistory(execution.getWorkflowId()).getEvents();
    assertThat(ofType(afterStop, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED))
        .as("the activity completed before the worker exited").hasSize(1);
    temporal.startWorker(); // completes the workflow: the stopped worker took no more workflow tasks
    PingResult result = WorkflowStub.fromTyped(ping).getResult(3, TimeUnit.MINUTES, PingResult.class);

    assertThat(result.pong().attempt()).isEqualTo(1);
    assertThat(result.pong().worker()).startsWith(first.identityPrefix());
    assertThat(result.pong().steps()).isEqualTo(8);
  }

  /** Waits until the activity runs and the server has its first heartbeat: the kill then lands mid-work. */
  private static PendingActivityInfo awaitHeartbeatingActivity(WorkflowExecution execution) throws InterruptedException {
    long deadline = System.nanoTime() + LocalTemporal.START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<PendingActivityInfo> pending = temporal.stubs().blockingStub()
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(temporal.endpoint().namespace())
              .setExecution(execution)
              .build())
          .getPendingActivitiesList();
      for (PendingActivityInfo activity : pending) {
        if (activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            && activity.hasHeartbeatDetails()) {
          return activity;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the ping activity did not start heartbeating within " + LocalTemporal.START_TIMEOUT);
  }

  private static List<HistoryEvent> ofType(List<HistoryEvent> history, EventType type) {
    return history.stream().filter(event -> event.getEventType() == type).toList();
  }
}
