package dev.fleetroll.cli.server;

import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.store.Actor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A connection of the CLI to Temporal; close it when the command is done. */
public record TemporalConnection(TemporalEndpoint endpoint, WorkflowServiceStubs stubs, WorkflowClient client)
    implements AutoCloseable {

  /**
   * How long a server that accepts the connection may take to answer: a first TLS handshake of a cold JVM on
   * a busy machine can take seconds. A port nobody listens on fails at once ({@link #listening}).
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Connects, or fails with one line saying where we looked, why it failed, and how to start a server.
   */
  public static TemporalConnection open(TemporalEndpoint endpoint, String identity) {
    WorkflowServiceStubs stubs;
    WorkflowServiceStubsOptions options = endpoint.stubsOptions()
        .setHealthCheckAttemptTimeout(CONNECT_TIMEOUT)
        .setSystemInfoTimeout(CONNECT_TIMEOUT)
        .build();
    try {
      listening(endpoint.address());
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(options, CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot reach Temporal at " + endpoint.address() + " ("
          + endpoint.profile().security() + ": " + reason(e) + "); start the local server with "
          + "'./fleetroll server start', or point TEMPORAL_ADDRESS (or FLEETROLL_TEMPORAL_ADDRESS) at yours");
    }
    WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(endpoint.namespace())
        .setIdentity(identity)
        .build());
    return new TemporalConnection(endpoint, stubs, client);
  }

  /** How the CLI shows up in workflow histories: the command and who ran it. */
  public static String identity() {
    return "fleetroll-cli " + Actor.current();
  }

  /** Fails at once when nothing accepts a TCP connection at a {@code host:port} address (other forms pass). */
  private static void listening(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 1 || !address.substring(colon + 1).matches("\\d+") || address.contains("/")) {
      return;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          (int) CONNECT_TIMEOUT.toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }

  /** The innermost message of a failed connection: a refused port, a TLS handshake, an unknown certificate. */
  private static String reason(Throwable e) {
    String reason = e.getMessage();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        reason = cause.getMessage();
      }
    }
    return reason == null ? e.getClass().getSimpleName() : reason.lines().findFirst().orElse(reason).strip();
  }

  @Override
  public void close() {
    stubs.shutdown();
  }
}
