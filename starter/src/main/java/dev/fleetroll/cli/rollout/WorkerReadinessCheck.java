package dev.fleetroll.cli.rollout;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.rollout.readiness.Readiness;
import dev.fleetroll.rollout.readiness.ReadinessRequest;
import dev.fleetroll.rollout.readiness.ReadinessWorkflow;
import dev.fleetroll.server.TaskQueuePollers;
import io.temporal.client.WorkflowFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The pre-flight on the workers, before a rollout, finalize or rollback starts: the CLI's own checks
 * (plan, hosts, Taskcluster) ran on this machine, but the work runs on the workers, which may be other
 * machines with other files. A worker of the task queue answers what it lacks; anything missing refuses
 * the command with one line each, before any host is quarantined.
 */
final class WorkerReadinessCheck {

  /** Long enough for a busy worker to pick up a workflow task and a 30-second activity. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private WorkerReadinessCheck() {}

  /**
   * @throws InputException when no worker polls the task queue, or the one that answered lacks something
   */
  static Readiness require(TemporalConnection connection, String purpose, String id, List<String> hosts, Instant until) {
    String queue = connection.endpoint().taskQueue();
    if (!TaskQueuePollers.anyWorker(connection.stubs(), connection.endpoint().namespace(), queue)) {
      throw new InputException("no worker polls task queue '" + queue + "': start one ('fleetroll server start', or the"
          + " fleetroll-worker service) before the " + purpose + ". Nothing was started.");
    }
    ReadinessWorkflow check = connection.client().newWorkflowStub(ReadinessWorkflow.class,
        WorkflowLabels.readiness(id, purpose, hosts.size(), queue, TIMEOUT));
    Readiness readiness;
    try {
      readiness = check.check(new ReadinessRequest(purpose, hosts, until));
    } catch (WorkflowFailedException e) {
      throw new InputException("no worker answered the " + purpose + "'s pre-flight within " + TIMEOUT.toSeconds()
          + " s (" + rootMessage(e) + "). Nothing was started.");
    }
    if (!readiness.ready()) {
      throw new InputException("the worker " + readiness.worker() + " cannot do the " + purpose + "; it lacks:\n  "
          + String.join("\n  ", readiness.missing()) + "\nNothing was started.");
    }
    return readiness;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
