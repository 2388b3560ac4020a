package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.cli.Fleetroll;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutInput;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.RolloutWorkflowImpl;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.WorkerEvidence;
import dev.fleetroll.rollout.host.Drained;
import dev.fleetroll.rollout.host.HealthReport;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostFacts;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;
import dev.fleetroll.rollout.host.OverrideRemoved;
import dev.fleetroll.rollout.host.OverrideWritten;
import dev.fleetroll.rollout.host.PuppetReport;
import dev.fleetroll.rollout.host.PuppetRunResult;
import dev.fleetroll.rollout.host.Quarantined;
import dev.fleetroll.rollout.host.Rebooted;
import dev.fleetroll.rollout.host.Released;
import dev.fleetroll.rollout.host.WorkerActivities;
import dev.fleetroll.rollout.host.WorkerFacts;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.lease.LeaseWorkflowImpl;
import dev.fleetroll.rollout.notify.NotificationActivities;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.ConvergePolicy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator commands through the CLI against a real rollout workflow on Temporal's test server (a
 * fleet whose every step succeeds at once): accepted commands print the rollout's line and land in the
 * audit log, refused ones print the validator's line and exit 2, and history shows both sources.
 */
class OperatorCommandsCliTest {

  private static final String SHA = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
  private static final String QUEUE = "cli-commands";

  private static TestServer.PortBoundTestServer server;
  private static WorkflowServiceStubs service;
  private static WorkerFactory workers;
  private static WorkflowClient client;
  private static String address;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, false);
    address = "127.0.0.1:" + port;
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setTarget(address).validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder().setNamespace("default")
          .putAllSearchAttributes(SearchAttributes.ALL.stream().collect(Collectors.toMap(k -> k.getName(),
              k -> k.getValueType())))
          .build());
    } finally {
      operator.shutdownNow();
    }
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
        LeaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(new SmoothFleet());
    workers.start();
  }

  @AfterAll
  static void stop() {
    workers.shutdownNow();
    service.shutdownNow();
    server.close();
  }

  @Test
  void refusedCommandsExitTwoWithTheValidatorsLineAcceptedOnesAreRecorded() throws Exception {
    RolloutSpec spec = spec("cli", "a", "b", "c", "d");
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(spec.id()).setTaskQueue(QUEUE).build());
    WorkflowClient.start(rollout::run, RolloutInput.start(spec));
    await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);

    Run pause = cli("rollout", "pause", spec.id(), "--reason", "lunch");
    Run advanceWhilePaused = cli("rollout", "advance", spec.id());
    Run skipWithoutReason = cli("rollout", "skip", spec.id(), "d");
    Run skip = cli("rollout", "skip", spec.id(), "d", "--reason", "disk being replaced");
    Run resume = cli("rollout", "resume", spec.id());
    Run zeroBatch = cli("rollout", "advance", spec.id(), "--batch-size", "0");
    Run status = cli("rollout", "status", spec.id());
    Run advance = cli("rollout", "advance", spec.id(), "--batch-size", "1", "--reason", "canary fine");

    assertThat(pause.exitCode()).as(pause.toString()).isZero();
    assertThat(pause.out()).startsWith("pause accepted by " + spec.id() + ": paused");
    assertThat(advanceWhilePaused.exitCode()).as(advanceWhilePaused.toString()).isEqualTo(2);
    assertThat(advanceWhilePaused.err()).matches("fleetroll: advance refused: rollout " + spec.id()
        + " is paused \\(by .+\\): resume it first\\n");
    assertThat(skipWithoutReason.exitCode()).isEqualTo(2);
    assertThat(skipWithoutReason.err()).isEqualTo("fleetroll: skip refused: a skip needs a reason (--reason TEXT)\n");
    assertThat(skip.exitCode()).as(skip.toString()).isZero();
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(zeroBatch.err()).contains("--batch-size must be at least 1");
    assertThat(status.out()).contains("Waiting for assessment").contains("Gates    pass")
        .contains("skipped by ").contains("disk being replaced");
    assertThat(advance.exitCode()).as(advance.toString()).isZero();

    await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    assertThat(rollout.progress().stages().get(1).hosts()).as("--batch-size 1").isEqualTo(1);
    assertThat(cli("rollout", "abort", spec.id(), "--mode", "stop-new", "--reason", "enough for today").exitCode())
        .isZero();
    WorkflowStub.fromTyped(rollout).getResult(dev.fleetroll.rollout.RolloutResult.class);

    Run history = cli("rollout", "history", spec.id(), "--json");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    JsonNode entries = new ObjectMapper().readTree(history.out()).get("entries");
    List<String> workflow = stream(entries).filter(e -> e.get("source").asText().equals("workflow"))
        .map(e -> e.get("what").asText()).toList();
    List<String> audit = stream(entries).filter(e -> e.get("source").asText().equals("audit-log"))
        .map(e -> e.get("what").asText()).toList();
    assertThat(workflow).containsSubsequence("gates", "pause", "skip", "resume", "advance", "gates", "abort");
    assertThat(audit).as("refused commands are not in the audit log")
        .containsExactly("pause", "skip", "resume", "advance", "abort");
    JsonNode skipped = stream(entries).filter(e -> e.get("what").asText().equals("skip")
        && e.get("source").asText().equals("workflow")).findFirst().orElseThrow();
    assertThat(skipped.get("parameters").get("host").asText()).isEqualTo("d");
    assertThat(skipped.get("reason").asText()).isEqualTo("disk being replaced");
    assertThat(skipped.get("gates").get("results")).isNotEmpty();
    Run table = cli("rollout", "history", spec.id());
    assertThat(table.out()).contains("workflow").contains("audit").contains("mode=stop-new");
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }

  private static RolloutProgress await(RolloutWorkflow rollout, Predicate<RolloutProgress> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      RolloutProgress p = rollout.progress();
      if (condition.test(p)) {
        return p;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the rollout never got there: " + rollout.progress());
  }

  private static RolloutSpec spec(String name, String... hosts) {
    GatePolicy gates = new GatePolicy(null, 1, null, null, null, null, null, null, null, Duration.ZERO).withDefaults();
    RolloutPolicy policy = new RolloutPolicy(new StagePolicy(1, List.of("100%")), 2, ConvergePolicy.DEFAULT,
        new DrainPolicy(Duration.ofMinutes(5), DrainDeadlineAction.FAIL), new HealthPolicy(1, 0, Duration.ofMinutes(5)),
        new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1)), AdvanceMode.MANUAL, gates);
    List<HostTarget> targets = java.util.Arrays.stream(hosts).map(h -> new HostTarget(h, HostPlatform.LINUX, "role"))
        .toList();
    return new RolloutSpec(RolloutIds.rollout(name + Long.toString(System.nanoTime() % 100000, 36), Instant.now()), name,
        "alice", SHA, "topic (cli)", targets, List.of(), policy, Duration.ofMinutes(1), RolloutSpec.DEFAULT_HISTORY_LIMIT);
  }

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static synchronized Run cli(String... args) {
    String[] withAddress = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--address", address)).toArray(String[]::new);
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringWriter picocliErr = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      picocli.CommandLine cli = Fleetroll.commandLine();
      cli.setErr(new PrintWriter(picocliErr, true));
      int code = cli.execute(withAddress);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + picocliErr);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Hosts and workers whose every step succeeds at once, a Taskcluster where they all work, a silent webhook. */
  static final class SmoothFleet implements HostActivities, WorkerActivities, GateActivities, NotificationActivities,
      dev.fleetroll.rollout.freeze.FreezeActivities {

    @Override
    public dev.fleetroll.rollout.freeze.TeamFreezes teamFreezes() {
      return dev.fleetroll.rollout.freeze.TeamFreezes.NONE; // no team freeze on this cluster
    }

    @Override
    public int announce(dev.fleetroll.rollout.freeze.TeamFreezes freezes) {
      return 0;
    }

    private static Instant now() {
      return Instant.now();
    }

    @Override
    public HostFacts inspectHost(HostJob job) {
      return new HostFacts(job.host(), HostPlatform.LINUX, "role", now().minusSeconds(3600), null, null, now(), true, null);
    }

    @Override
    public OverrideWritten writeOverride(HostJob job, String content) {
      return new OverrideWritten(true, now(), now().minusSeconds(3600), null);
    }

    @Override
    public Rebooted reboot(HostJob job, Instant bootedBefore) {
      return new Rebooted(true, null);
    }

    @Override
    public PuppetRunResult runPuppet(HostJob job, Instant writtenAt, Duration timeout) {
      return new PuppetRunResult(false, 2, true, Duration.ofSeconds(1));
    }

    @Override
    public PuppetReport awaitPuppet(HostJob job, Instant writtenAt) {
      return new PuppetReport(now(), true, 2, "repo", "topic", "abcdef0", job.overrideSha());
    }

    @Override
    public OverrideRemoved removeOverride(HostJob job) {
      return new OverrideRemoved(true, now(), now().minusSeconds(3600), null);
    }

    @Override
    public PuppetRunResult runPuppetOnce(HostJob job, String overrideSha, Instant since, Duration timeout) {
      return new PuppetRunResult(false, 2, true, Duration.ofSeconds(1));
    }

    @Override
    public PuppetReport awaitPuppetRun(HostJob job, String overrideSha, Instant since) {
      return new PuppetReport(now(), true, 2, "repo", "master", "abcdef0", overrideSha);
    }

    @Override
    public WorkerFacts inspectWorker(HostJob job, String role, String workerTypeOverride) {
      return new WorkerFacts(new WorkerRef("releng-hardware", "pool", "mdc1", job.host()), null, false, null);
    }

    @Override
    public Quarantined quarantine(HostJob job, WorkerRef worker, String why) {
      return new Quarantined(now(), false);
    }

    @Override
    public Drained awaitDrain(HostJob job, WorkerRef worker) {
      return new Drained(null, List.of());
    }

    @Override
    public Released release(HostJob job, WorkerRef worker) {
      return new Released(now(), true, null);
    }

    @Override
    public HealthReport verifyHealth(HostJob job, WorkerRef worker, List<String> baseline,
        dev.fleetroll.rollout.plan.HealthPolicy health) {
      return new HealthReport(List.of("T1/0"), List.of());
    }

    @Override
    public GateEvidence collectEvidence(EvidenceRequest request) {
      Instant now = now();
      List<WorkerEvidence> rolled = request.rolledOut().stream()
          .map(h -> new WorkerEvidence(h.host(), "pool", true, now, 3, 0, 0, true)).toList();
      List<WorkerEvidence> baseline = request.baseline().stream()
          .map(h -> new WorkerEvidence(h.host(), "pool", true, now, 3, 0, 0, null)).toList();
      return new GateEvidence(request.windowStart(), now, rolled, baseline, 0, 0, null);
    }

    @Override
    public void notify(RolloutNotification notification) {}
  }
}
