package dev.fleetroll.server;

import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Who polls a task queue, as the server sees it. A worker is ready when it polls for both workflow and
 * activity tasks; our workers' identities start with their pid ({@code <pid>@<host>}).
 */
public final class TaskQueuePollers {

  private TaskQueuePollers() {}

  public static List<String> identities(WorkflowServiceStubs stubs, String namespace, String taskQueue,
      TaskQueueType type) {
    return stubs.blockingStub().describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setTaskQueueType(type)
            .build())
        .getPollersList().stream().map(PollerInfo::getIdentity).toList();
  }

  /** True when the worker process {@code pid} polls both kinds of task. */
  public static boolean polledBy(WorkflowServiceStubs stubs, String namespace, String taskQueue, long pid) {
    String prefix = pid + "@";
    return identities(stubs, namespace, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).stream()
            .anyMatch(id -> id.startsWith(prefix))
        && identities(stubs, namespace, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY).stream()
            .anyMatch(id -> id.startsWith(prefix));
  }

  /** True when any worker polled the queue for workflow tasks recently. */
  public static boolean anyWorker(WorkflowServiceStubs stubs, String namespace, String taskQueue) {
    return !identities(stubs, namespace, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).isEmpty();
  }

  /**
   * Waits until worker {@code process} polls the queue.
   *
   * @throws IllegalStateException when the worker dies first (with the end of its log) or time runs out
   */
  public static void awaitWorker(WorkflowServiceStubs stubs, String namespace, String taskQueue,
      ProcessHandle process, Path log, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!polls(stubs, namespace, taskQueue, process.pid())) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the worker exited while starting: "
            + BackgroundProcess.lastLine(log) + " (see " + log + ")");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker (pid " + process.pid() + ") did not poll task queue '"
            + taskQueue + "' within " + timeout.toSeconds() + " s; see " + log);
      }
      DevServer.sleep(Duration.ofMillis(250));
    }
  }

  private static boolean polls(WorkflowServiceStubs stubs, String namespace, String taskQueue, long pid) {
    try {
      return polledBy(stubs, namespace, taskQueue, pid);
    } catch (RuntimeException e) {
      return false; // the server is busy starting, or restarting
    }
  }
}
