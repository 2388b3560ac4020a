package dev.fleetroll.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.ping.PingRequest;
import dev.fleetroll.ping.PingResult;
import dev.fleetroll.ping.PingWorkflow;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.TaskQueues;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Micronaut worker wired as in production, polling Temporal's in-memory test server on a real
 * port: it runs workflows, reports health, and exposes the SDK's and our metrics for Prometheus.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporalWorkerTest implements TestPropertyProvider {

  private TestServer.PortBoundTestServer server;
  private Path home;

  @Inject ApplicationContext context;
  @Inject WorkflowClient client;
  @Inject WorkerIdentity identity;

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    int port = freePort();
    server = TestServer.createPortBoundServer(port, true);
    registerSearchAttributes("127.0.0.1:" + port);
    try {
      home = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "worker-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "fleetroll.temporal.address", "127.0.0.1:" + port,
        "fleetroll.temporal.metrics-interval", "100ms",
        "fleetroll.home", home.toString());
  }

  @AfterAll
  void stopServer() {
    context.stop(); // the worker first, so that it never polls a server that is gone
    server.close();
  }

  @Test
  void answersPingsOnTheFleetrollTaskQueue() {
    PingResult result = ping("hello");

    assertThat(result.pong().message()).isEqualTo("hello");
    assertThat(result.pong().worker()).isEqualTo(identity.value()).startsWith(ProcessHandle.current().pid() + "@");
  }

  @Test
  void healthIsUpWhileItPollsAndTheServerAnswers() {
    String health = http.toBlocking().retrieve("/health");

    assertThat(health).contains("\"status\":\"UP\"").contains("\"polling\":true").contains("\"server\":\"SERVING\"");
  }

  @Test
  void prometheusShowsTheSdksMetricsAndOurs() throws InterruptedException {
    ping("metrics");

    String metrics = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!metrics.contains("temporal_workflow_completed_total") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      metrics = http.toBlocking().retrieve("/prometheus");
    }
    assertThat(metrics).contains("temporal_workflow_completed_total{");
    int registrations = context.getBeansOfType(TemporalRegistration.class).size();
    assertThat(metrics).contains("fleetroll_worker_registrations{task_queue=\"fleetroll\"} " + registrations + ".0");
    String ready = metrics.lines().filter(l -> l.startsWith("fleetroll_worker_ready_seconds{")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(ready.substring(ready.lastIndexOf(' ') + 1))).isPositive();
  }

  @Test
  void writesItsHttpAddressToTheDataDirectory() throws IOException {
    Path file = home.resolve("run").resolve("worker-" + ProcessHandle.current().pid() + ".http");

    String url = Files.readString(file).strip();

    assertThat(http.toBlocking().retrieve(url + "/health")).contains("\"status\":\"UP\"");
  }

  private PingResult ping(String message) {
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.FLEETROLL)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
        .build());
    return ping.ping(PingRequest.of(message, "tester"));
  }

  private static void registerSearchAttributes(String address) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setTarget(address).validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> attributes = SearchAttributes.ALL.stream()
          .collect(Collectors.toMap(k -> k.getName(), k -> k.getValueType()));
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace("default")
          .putAllSearchAttributes(attributes)
          .build());
    } finally {
      operator.shutdownNow();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
