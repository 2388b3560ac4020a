package dev.fleetroll.e2e;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.BackgroundProcess;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.PidFile;
import dev.fleetroll.server.Repository;
import dev.fleetroll.server.ServerPorts;
import dev.fleetroll.server.TaskQueuePollers;
import dev.fleetroll.server.TemporalBinary;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.server.WorkerLaunch;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Temporal dev server for a test class: the binary of {@code tools/temporal-cli/build.sh}, on free
 * ports, with its own data directory under {@code target/e2e/}, so it never meets a server the user runs.
 * Tests start worker processes from it (the worker's classes on the test classpath) and run the CLI as a
 * process against it. Workers are stopped after each test, the server after the class; the logs stay in
 * the data directory.
 *
 * <pre>
 * &#64;RegisterExtension static final LocalTemporal temporal = new LocalTemporal();
 * </pre>
 */
public final class LocalTemporal implements RolloutTarget, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** Loaded 2-core CI machines start JVMs slowly; never make a test depend on a fast start. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final List<WorkerProcess> workers = new ArrayList<>();
  private FleetrollHome home;
  private LocalServer server;
  private ServerPorts ports;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private Path binary;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path base = Path.of("target", "e2e").toAbsolutePath();
    Files.createDirectories(base);
    home = new FleetrollHome(Files.createTempDirectory(base, context.getRequiredTestClass().getSimpleName() + "-"));
    server = new LocalServer(home);
    binary = TemporalBinary.locate(Repository.locate(System.getenv()), System.err::println);
    ports = ServerPorts.free();
    server.startServer(binary, ports);
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(ports.address())
        .build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(endpoint().namespace())
        .build());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    workers.forEach(worker -> worker.stop(Duration.ofSeconds(30)));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    workers.forEach(worker -> worker.stop(Duration.ofSeconds(30)));
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.stopWorker();
      server.stopServer();
    }
  }

  public FleetrollHome home() {
    return home;
  }

  public ServerPorts ports() {
    return ports;
  }

  /** Address, namespace, task queue and Web UI of this server, as the CLI and the workers see them. */
  public TemporalEndpoint endpoint() {
    return TemporalEndpoint.local(Map.of(), home, ports);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  @Override
  public WorkflowClient client() {
    return client;
  }

  /** Starts a worker process (the worker's main on the test classpath) and waits until it polls. */
  public WorkerProcess startWorker() {
    return startWorker(Map.of());
  }

  /** @param environment extra environment of the worker, e.g. FLEETROLL_SSH_CONFIG of a simulated fleet */
  public WorkerProcess startWorker(Map<String, String> environment) {
    int number = workers.size() + 1;
    Path log = home.logs().resolve("worker-" + number + ".log");
    Map<String, String> env = new HashMap<>(WorkerLaunch.environment(endpoint(), home));
    env.putAll(environment);
    WorkerLaunch launch = WorkerLaunch.classpath(WorkerLaunch.java(Map.of()), System.getProperty("java.class.path"));
    Process process = BackgroundProcess.start(launch.command(), env, log,
        new PidFile(home.run().resolve("worker-" + number + ".pid")));
    WorkerProcess worker = new WorkerProcess(process, log);
    workers.add(worker);
    TaskQueuePollers.awaitWorker(stubs, endpoint().namespace(), endpoint().taskQueue(), process.toHandle(), log,
        START_TIMEOUT);
    return worker;
  }

  /**
   * Runs {@code fleetroll <args>} as its own process, with this server's data directory (so it finds the
   * server as a user's CLI would) and the given extra environment.
   */
  @Override
  public CliRun cli(Map<String, String> environment, String... args) {
    return CliRun.run(home, environment, args);
  }

  /**
   * Runs the real {@code temporal} CLI against this server, as an operator steering a workflow with
   * Temporal's own tools would ({@code temporal workflow signal ...}); fails unless it exits 0.
   */
  public String temporalCli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", ports.address(), "--namespace", endpoint().namespace()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  public CliRun cli(String... args) {
    return cli(Map.of(), args);
  }
}
