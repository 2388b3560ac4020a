package dev.fleetroll.cli.server;

import dev.fleetroll.server.TaskQueuePollers;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.store.Actor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/** A connection of the CLI to Temporal; close it when the command is done. */
public record TemporalConnection(TemporalEndpoint endpoint, WorkflowServiceStubs stubs, WorkflowClient client)
    implements AutoCloseable {

  /**
   * Connects, or fails with one line saying where we looked and how to start a server.
   */
  public static TemporalConnection open(TemporalEndpoint endpoint, String identity) {
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(endpoint.address()).build(), Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot reach Temporal at " + endpoint.address()
          + "; start the local server with './fleetroll server start', or point FLEETROLL_TEMPORAL_ADDRESS at yours");
    }
    WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(endpoint.namespace())
        .setIdentity(identity)
        .build());
    return new TemporalConnection(endpoint, stubs, client);
  }

  /**
   * Fails at once, saying so, when no worker polls {@code taskQueue}: a query would wait for one until its
   * deadline. Against a server that cannot tell (Temporal's Java test server lacks the call) the query goes ahead.
   */
  public void requireWorker(String taskQueue) {
    boolean polled;
    try {
      polled = TaskQueuePollers.anyWorker(stubs, endpoint.namespace(), taskQueue);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return;
      }
      throw e;
    }
    if (!polled) {
      throw new IllegalStateException("no worker polls task queue '" + taskQueue + "' at " + endpoint.address()
          + "; start one with './fleetroll server start' or './fleetroll worker'");
    }
  }

  /** How the CLI shows up in workflow histories: the command and who ran it. */
  public static String identity() {
    return "fleetroll-cli " + Actor.current();
  }

  @Override
  public void close() {
    stubs.shutdown();
  }
}
