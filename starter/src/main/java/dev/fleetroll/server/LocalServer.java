package dev.fleetroll.server;

import dev.fleetroll.home.FleetrollHome;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Temporal dev server and the background worker of one data directory: their pid files in
 * {@code run/}, logs in {@code logs/}, the server's SQLite file in {@code temporal/}.
 */
public final class LocalServer {

  /** Generous: a cold start on a loaded 2-core machine takes far longer than the usual 6 s. */
  public static final Duration SERVER_START_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration WORKER_START_TIMEOUT = Duration.ofMinutes(2);
  /** Longer than the worker's own shutdown grace (20 s) so running activities can finish first. */
  public static final Duration WORKER_STOP_GRACE = Duration.ofSeconds(30);
  public static final Duration SERVER_STOP_GRACE = Duration.ofSeconds(20);

  private final FleetrollHome home;

  public LocalServer(FleetrollHome home) {
    this.home = home;
  }

  public FleetrollHome home() {
    return home;
  }

  public PidFile serverPidFile() {
    return new PidFile(home.run().resolve("temporal.pid"));
  }

  public PidFile workerPidFile() {
    return new PidFile(home.run().resolve("worker.pid"));
  }

  public Path serverLog() {
    return home.logs().resolve("temporal.log");
  }

  public Path workerLog() {
    return home.logs().resolve("worker.log");
  }

  public Optional<ProcessHandle> server() {
    return serverPidFile().live();
  }

  public Optional<ProcessHandle> worker() {
    return workerPidFile().live();
  }

  /** The ports of the last server started here, if any. */
  public Optional<ServerPorts> ports() {
    return ServerState.load(home);
  }

  /** A process we started, and whether it was already running. */
  public record Started(ProcessHandle process, boolean alreadyRunning, Duration took) {}

  /**
   * Starts the dev server unless it already runs, waits until it answers, and registers our search attributes
   * on its default namespace ({@link NamespaceSetup}).
   *
   * @throws IllegalStateException when a port is taken or the server does not come up
   */
  public Started startServer(Path binary, ServerPorts ports) {
    Optional<ProcessHandle> running = server();
    if (running.isPresent()) {
      return new Started(running.get(), true, Duration.ZERO);
    }
    for (int port : List.of(ports.grpc(), ports.ui())) {
      if (ServerPorts.inUse(port)) {
        throw new IllegalStateException("port " + port + " on " + ServerPorts.HOST
            + " is in use (another Temporal server?); choose other ports with --port/--ui-port"
            + " or FLEETROLL_TEMPORAL_PORT/FLEETROLL_TEMPORAL_UI_PORT");
      }
    }
    long begin = System.nanoTime();
    Process process = DevServer.start(binary, ports, home.temporalDatabase(), serverLog(), serverPidFile());
    try {
      DevServer.awaitReady(process.toHandle(), ports, serverLog(), SERVER_START_TIMEOUT);
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(ports.address()).build());
      try {
        NamespaceSetup.run(stubs, TemporalEndpoint.DEFAULT_NAMESPACE);
      } finally {
        stubs.shutdownNow();
      }
    } catch (RuntimeException e) {
      BackgroundProcess.stop(process.toHandle(), SERVER_STOP_GRACE);
      serverPidFile().delete();
      throw e;
    }
    ServerState.save(home, ports);
    return new Started(process.toHandle(), false, Duration.ofNanos(System.nanoTime() - begin));
  }

  /**
   * Starts a background worker unless one already runs, and waits until it polls the task queue.
   */
  public Started startWorker(WorkerLaunch launch, TemporalEndpoint endpoint) {
    Optional<ProcessHandle> running = worker();
    if (running.isPresent()) {
      return new Started(running.get(), true, Duration.ZERO);
    }
    forgetDeadWorkerEndpoints();
    long begin = System.nanoTime();
    Process process = BackgroundProcess.start(launch.command(), WorkerLaunch.environment(endpoint, home),
        workerLog(), workerPidFile());
    WorkflowServiceStubs stubs = stubs(endpoint);
    try {
      TaskQueuePollers.awaitWorker(stubs, endpoint.namespace(), endpoint.taskQueue(), process.toHandle(),
          workerLog(), WORKER_START_TIMEOUT);
    } catch (RuntimeException e) {
      BackgroundProcess.stop(process.toHandle(), WORKER_STOP_GRACE);
      workerPidFile().delete();
      throw e;
    } finally {
      stubs.shutdownNow();
    }
    return new Started(process.toHandle(), false, Duration.ofNanos(System.nanoTime() - begin));
  }

  /** A process we stopped: whether it stopped within its grace period (else it was killed). */
  public record Stopped(long pid, boolean graceful) {}

  public Optional<Stopped> stopWorker() {
    return stop(workerPidFile(), WORKER_STOP_GRACE);
  }

  public Optional<Stopped> stopServer() {
    return stop(serverPidFile(), SERVER_STOP_GRACE);
  }

  /** The worker's health and metrics address, which the worker writes to the data directory. */
  public Optional<String> workerHttp(ProcessHandle worker) {
    Path file = home.run().resolve("worker-" + worker.pid() + ".http");
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A killed worker cannot remove its {@code worker-<pid>.http}; this does. */
  private void forgetDeadWorkerEndpoints() {
    try (var files = Files.newDirectoryStream(home.run(), "worker-*.http")) {
      for (Path file : files) {
        String pid = file.getFileName().toString().replaceAll("\\D", "");
        if (pid.isEmpty() || ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).isEmpty()) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException | RuntimeException e) {
      // only tidiness is lost
    }
  }

  /** Resident memory of a process in MiB, from /proc (Linux). */
  public static Optional<Long> residentMegabytes(ProcessHandle process) {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      return Files.readAllLines(status).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Stopped> stop(PidFile pidFile, Duration grace) {
    Optional<ProcessHandle> process = pidFile.live();
    Optional<Stopped> stopped = process.map(p -> new Stopped(p.pid(), BackgroundProcess.stop(p, grace)));
    pidFile.delete();
    return stopped;
  }

  private static WorkflowServiceStubs stubs(TemporalEndpoint endpoint) {
    return WorkflowServiceStubs.newServiceStubs(endpoint.stubsOptions()
        .setRpcTimeout(Duration.ofSeconds(5))
        .build());
  }
}
