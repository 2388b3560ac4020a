package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.ServerPorts;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fleetroll server start|status|stop} and {@code fleetroll ping} as an operator runs them: separate
 * CLI processes, a data directory of their own, the built worker jar, and a server that keeps its
 * workflows across a stop and a start.
 */
class ServerCommandTest {

  private FleetrollHome home;

  @AfterEach
  void stopEverything() {
    if (home != null) {
      LocalServer local = new LocalServer(home);
      local.stopWorker();
      local.stopServer();
    }
  }

  @Test
  void startIsIdempotentPingShowsInTheUiAndHistorySurvivesARestart() throws Exception {
    Path base = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
    home = new FleetrollHome(Files.createTempDirectory(base, "ServerCommandTest-"));
    ServerPorts ports = ServerPorts.free();
    LocalServer local = new LocalServer(home);

    CliRun start = cli("server", "start", "--port", Integer.toString(ports.grpc()), "--ui-port", Integer.toString(ports.ui()));
    assertThat(start.exitCode()).as(start.toString()).isZero();
    assertThat(start.out()).contains("Web UI           " + ports.webUi()).doesNotContain("already running");
    long serverPid = local.server().orElseThrow().pid();
    long workerPid = local.worker().orElseThrow().pid();
    assertThat(sessionOf(serverPid)).as("the server runs in its own session").isEqualTo(serverPid);
    assertThat(sessionOf(workerPid)).as("the worker runs in its own session").isEqualTo(workerPid);
    assertThat(journalMode(home.temporalDatabase())).as("the server's SQLite database keeps a write-ahead log")
        .isEqualTo("wal");

    CliRun again = cli("server", "start");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("pid " + serverPid).contains("pid " + workerPid).contains("already running");

    CliRun status = cli("server", "status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("pid " + serverPid).contains(ports.address()).contains("pid " + workerPid)
        .contains(ports.webUi());

    // The packaged worker (its jar and lib/, not the test classpath) serves the web view: pages and API.
    String web = workerHttp(local, workerPid);
    for (String path : List.of("/", "/drift", "/api/v1/hosts", "/api/v1/drift")) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET " + path + " from the worker: " + r.body()).isEqualTo(200);
    }

    CliRun ping = cli("ping", "--message", "hello from the test");
    assertThat(ping.exitCode()).as(ping.toString()).isZero();
    assertThat(ping.out()).contains("Pong 'hello from the test' from worker " + workerPid + "@");
    Matcher link = Pattern.compile("Web UI: (" + Pattern.quote(ports.webUi())
        + "/namespaces/default/workflows/(ping-[0-9-a-f]+))").matcher(ping.out());
    assertThat(link.find()).as(ping.out()).isTrue();
    String workflowId = link.group(2);

    CliRun stop = cli("server", "stop");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(stop.out()).contains("pid " + workerPid + " stopped").contains("pid " + serverPid + " stopped");
    assertThat(ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.of(workerPid).filter(ProcessHandle::isAlive)).isEmpty();

    CliRun stopped = cli("server", "status");
    assertThat(stopped.exitCode()).isEqualTo(1);
    assertThat(stopped.out()).contains("not running (last at " + ports.address() + ")");

    CliRun restart = cli("server", "start", "--no-worker");
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    assertThat(restart.out()).contains(ports.address()).doesNotContain("Worker");
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(ports.address()).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      assertThat(client.newUntypedWorkflowStub(workflowId).describe().getStatus())
          .as("the ping's history survived the restart")
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The journal mode SQLite records in the database file itself (read by another process, as it is here). */
  private static String journalMode(Path database) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
        ResultSet mode = db.createStatement().executeQuery("PRAGMA journal_mode")) {
      return mode.next() ? mode.getString(1) : null;
    }
  }

  @Test
  void pingWithoutAServerSaysHowToStartOne() throws IOException {
    Path base = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
    FleetrollHome empty = new FleetrollHome(Files.createTempDirectory(base, "ServerCommandTest-"));

    CliRun ping = CliRun.run(empty, Map.of("FLEETROLL_TEMPORAL_ADDRESS", ServerPorts.free().address()), "ping");

    assertThat(ping.exitCode()).isEqualTo(1);
    assertThat(ping.err().lines()).hasSize(1);
    assertThat(ping.err()).startsWith("fleetroll: cannot reach Temporal at 127.0.0.1:").contains("./fleetroll server start");
  }

  /** The worker's HTTP address, which it writes once its server listens. */
  private static String workerHttp(LocalServer local, long pid) throws InterruptedException {
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    for (int i = 0; i < 300; i++) {
      var http = local.workerHttp(worker);
      if (http.isPresent()) {
        return http.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the worker wrote no HTTP address within 30 s");
  }

  private CliRun cli(String... args) {
    return CliRun.run(home, Map.of(), args);
  }

  /** The session id of a process (field 6 of /proc/PID/stat). */
  private static long sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[3]);
  }
}
