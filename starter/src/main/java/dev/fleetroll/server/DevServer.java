package dev.fleetroll.server;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Temporal CLI's dev server: the real Temporal server with its Web UI, persisting to one SQLite file
 * (with its write-ahead log next to it),
 * bound to 127.0.0.1. {@link LocalServer} registers our search attributes on it with {@link NamespaceSetup},
 * as on any other server (not with the dev server's {@code --search-attribute} flags: one way for every server,
 * the one production clusters use, exercised by every end-to-end test).
 */
public final class DevServer {

  private DevServer() {}

  public static List<String> command(Path binary, ServerPorts ports, Path database) {
    return List.of(binary.toString(), "server", "start-dev",
        "--ip", ServerPorts.HOST,
        "--port", Integer.toString(ports.grpc()),
        "--ui-port", Integer.toString(ports.ui()),
        "--db-filename", database.toString(),
        // SQLite's default rollback journal syncs the disk at least twice per commit, and the server commits
        // several times per workflow it starts: 200 hosts' leases took ~45 s to start on a loaded 2-core
        // machine. A write-ahead log syncs once per commit and, with synchronous=FULL, is as durable.
        "--sqlite-pragma", "journal_mode=wal",
        "--sqlite-pragma", "synchronous=FULL",
        "--ui-disable-news-fetch");
  }

  /** Starts the server detached; {@link #awaitReady} says when it answers. */
  public static Process start(Path binary, ServerPorts ports, Path database, Path log, PidFile pidFile) {
    return BackgroundProcess.start(command(binary, ports, database), Map.of(), log, pidFile);
  }

  /**
   * Waits until the frontend answers its gRPC health check and the Web UI serves pages.
   *
   * @throws IllegalStateException when the process dies first (with the end of its log) or time runs out
   */
  public static void awaitReady(ProcessHandle process, ServerPorts ports, Path log, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(ports.address())
        .setRpcTimeout(Duration.ofSeconds(2))
        .build());
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (!(serving(stubs) && uiAnswers(http, ports))) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Temporal server exited while starting: "
              + BackgroundProcess.lastLine(log) + " (see " + log + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Temporal server did not answer at " + ports.address() + " within "
              + timeout.toSeconds() + " s; see " + log);
        }
        sleep(Duration.ofMillis(250));
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  private static boolean serving(WorkflowServiceStubs stubs) {
    try {
      return stubs.healthCheck().getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean uiAnswers(HttpClient http, ServerPorts ports) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(ports.webUi() + "/")).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Temporal server", e);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
