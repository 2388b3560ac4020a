package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.finalize.FinalizeProgress;
import dev.fleetroll.rollout.finalize.FinalizeStatus;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.host.HostRolloutWorkflow;
import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.rollout.quarantine.QuarantineSweepWorkflow;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.store.AuditLog;
import dev.fleetroll.store.Store;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator control end to end, on the real dev server, a real worker process and the simulated fleet:
 * a bad branch stopped by its gate at the canary and rolled back, the finalize of a good one, a rollout
 * cancelled as the Web UI cancels it, and one steered with {@code temporal workflow signal}. Every assertion reads the hosts (override file, Puppet's metadata) and
 * the Taskcluster stand-in.
 */
class RolloutControlEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  /** 4 hosts for the bad branch, 3 for finalize, 3 for the cancel, 3 for the signals, 2 for the host an abort
   * left quarantined, 2 for a worker elsewhere. */
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(17, 0));

  @TempDir Path dir;
  private Fleet fleet;
  private RolloutFixture rollouts;

  @BeforeEach
  void setUp() {
    fleet = sim.fleet();
    rollouts = new RolloutFixture(temporal, fleet, dir);
  }

  @Test
  void aBadBranchPausesAtTheCanaryOnItsGateAndRollbackLeavesEveryTouchedHostWithoutTheOverride() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(0, 4);
    rollouts.startWorker();
    Path plan = rollouts.plan("badbranch", "tasks-fail", hosts, 2, "manual", RolloutFixture.GATES);
    fleet.github().setHealth(RolloutFixture.REPO, "tasks-fail", false, 1.0);
    String sha = RolloutFixture.sha(plan);

    String id = rollouts.start(plan);
    RolloutWorkflow rollout = rollouts.rollout(id);
    RolloutProgress paused = RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);

    assertThat(paused.stageIndex()).as("paused at the canary").isZero();
    assertThat(paused.gates().blocking()).extracting(GateResult::gate).contains("max_failed_hosts.change");
    List<String> touched = paused.hosts().stream().filter(h -> h.stage() == 0).map(h -> h.host()).toList();
    assertThat(touched).hasSize(2);
    for (String host : touched) {
      assertThat(fleet.readFile(host, Os.LINUX.overridePath())).as(host + " has the bad override").isNotNull();
      assertThat(fleet.taskcluster().quarantined(host)).as(host + " failing its tasks stays out of service").isTrue();
    }
    CliRun status = rollouts.cli("rollout", "status", id);
    assertThat(status.out()).as(status.toString()).contains("paused on gate").contains("max_failed_hosts.change");
    CliRun advance = rollouts.cli("rollout", "advance", id);
    assertThat(advance.exitCode()).as(advance.toString()).isEqualTo(2);
    assertThat(advance.err()).contains("refused");

    CliRun abort = rollouts.cliWithoutUser("rollout", "abort", id, "--mode", "rollback", "--reason", "tasks fail on the canary");
    assertThat(abort.exitCode()).as(abort.toString()).isZero();
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.ABORTED);
    for (String host : touched) {
      assertThat(RolloutFixture.record(result, host).status()).as(host).isEqualTo(HostStatus.REVERTED);
      assertThat(fleet.readFile(host, Os.LINUX.overridePath())).as(host + " override removed").isNull();
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(host, Os.LINUX.metadataPath()));
      assertThat(noOverride(metadata)).as(host + " Puppet ran without an override: " + metadata).isTrue();
      assertThat(metadata.path("success").asBoolean()).isTrue();
      assertThat(fleet.taskcluster().quarantined(host)).as(host + " released").isFalse();
    }
    for (SimHost untouched : hosts) {
      if (!touched.contains(untouched.name())) {
        assertThat(fleet.counters(untouched.name()).overrideWrites()).as(untouched.name()).isZero();
        assertThat(fleet.taskcluster().quarantined(untouched.name())).isFalse();
      }
    }
    CliRun history = rollouts.cli("rollout", "history", id, "--json");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out()).contains("abort").contains("rollback").contains("tasks fail on the canary")
        .contains("max_failed_hosts.change").contains("e2e");
    String account = account();
    assertThat(new ObjectMapper().readTree(history.out()).path("entries")).filteredOn(e -> e.path("what").asText().equals("abort"))
        .as("the abort, run without USER, names the account that ran it").hasSize(2)
        .allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo(account));
    assertThat(sha).isNotBlank();
    HistoryRecorder.save(temporal.client(), id, RolloutIds.revert(id, touched.getFirst()));
  }

  @Test
  void finalizeRemovesTheOverrideFromEveryHostOfASucceededRollout() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(4, 7);
    rollouts.startWorker();
    Path plan = rollouts.plan("finalize", "merged-soon", hosts, 2, "auto", RolloutFixture.GATES);
    String id = rollouts.start(plan);
    CliRun early = rollouts.cli("rollout", "finalize", id, "--all", "--confirm");
    assertThat(early.exitCode()).as("a running rollout cannot be finalized: " + early).isEqualTo(2);
    RolloutResult result = rollouts.result(id);
    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);

    CliRun unconfirmed = rollouts.cli("rollout", "finalize", id, "--all");
    assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(2);
    CliRun finalize = rollouts.cli("rollout", "finalize", id, "--all", "--confirm", "--reason", "merged to master",
        "--observe", "1m");
    assertThat(finalize.exitCode()).as(finalize.toString()).isZero();
    FinalizeProgress done = temporal.client().newUntypedWorkflowStub(RolloutIds.finalize(id))
        .getResult(10, TimeUnit.MINUTES, FinalizeProgress.class);

    assertThat(done.status()).as(String.valueOf(done)).isEqualTo(FinalizeStatus.SUCCEEDED);
    assertThat(done.reverted()).isEqualTo(3);
    CliRun status = rollouts.cli("rollout", "status", RolloutIds.finalize(id));
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("succeeded").contains("3/3 reverted");
    for (SimHost h : hosts) {
      assertThat(fleet.readFile(h.name(), Os.LINUX.overridePath())).as(h.name() + " override removed").isNull();
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(h.name(), Os.LINUX.metadataPath()));
      assertThat(noOverride(metadata)).as(h.name() + " Puppet ran without an override: " + metadata).isTrue();
      assertThat(metadata.path("success").asBoolean()).isTrue();
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " released").isFalse();
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name() + " written once by the rollout").isEqualTo(1);
    }
    HistoryRecorder.save(temporal.client(), RolloutIds.finalize(id));
  }

  /**
   * The Web UI's Cancel button (and {@code temporal workflow cancel}) sends RequestCancelWorkflowExecution, as
   * {@link WorkflowStub#cancel()} does: the rollout stops like {@code abort --mode safe-stop} and gives back every
   * host it holds, its Taskcluster quarantine and its lease, so that another rollout can take it (a host whose new
   * override Puppet has not verified yet keeps its quarantine, as after an abort).
   */
  @Test
  void cancellingARolloutAsTheWebUiDoesReleasesEveryHostItHolds() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(7, 10);
    rollouts.startWorker();
    Path plan = rollouts.plan("cancelled", "cancelled-in-the-ui", hosts, 2, "manual", RolloutFixture.GATES);
    String id = rollouts.start(plan);
    RolloutWorkflow rollout = rollouts.rollout(id);
    RolloutFixture.await(rollout, p -> p.inFlight() == 2
        && p.hosts().stream().filter(h -> h.stage() == 0).allMatch(h -> fleet.taskcluster().quarantined(h.host())));

    WorkflowStub.fromTyped(rollout).cancel();

    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(id);
    awaitTrue("the rollout closed", () -> stub.describe().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(stub.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    HistoryRecorder.save(temporal.client(), id);
    HistoryRecorder.save(temporal.client(), RolloutIds.host(id, hosts.get(0).name()));
    RolloutProgress last = rollout.progress();
    List<String> parked = new java.util.ArrayList<>();
    for (SimHost h : hosts) {
      HostRecord r = last.hosts().stream().filter(x -> x.host().equals(h.name())).findFirst().orElseThrow();
      if (r.outcome() != null && r.outcome().quarantined()) {
        // The cancel came after the write and before Puppet verified it: parked, as an abort parks it (issue 11).
        assertThat(r.touched()).as(h.name() + " kept quarantined only with its override unverified").isTrue();
        assertThat(r.outcome().failure().message()).contains("Puppet has not verified it");
        assertThat(fleet.taskcluster().quarantined(h.name())).isTrue();
        parked.add(h.name());
      } else {
        awaitTrue(h.name() + " released from quarantine", () -> !fleet.taskcluster().quarantined(h.name()));
      }
      WorkflowStub lease = temporal.client().newUntypedWorkflowStub(RolloutIds.lease(h.name()));
      awaitTrue(h.name() + "'s lease ended", () -> lease.describe().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    for (String host : parked) { // back into service for the other tests, as an operator would after a look
      CliRun release = rollouts.cli("host", "release", host, "--reason", "checked by the test", "--confirm");
      assertThat(release.exitCode()).as(release.toString()).isZero();
    }
    assertThat(last.status()).as(String.valueOf(last)).isEqualTo(RolloutStatus.ABORTED);
    assertThat(last.inFlight()).isZero();
    assertThat(last.hosts()).extracting(h -> h.status()).as("the canary's two stopped, the third never started")
        .containsExactlyInAnyOrder(HostStatus.ABORTED, HostStatus.ABORTED, HostStatus.NOT_STARTED);
    CliRun history = rollouts.cli("rollout", "history", id);
    assertThat(history.out()).as(history.toString()).contains("cancel");
  }

  /**
   * Pause, resume and abort sent with the real {@code temporal} CLI as signals (what the Web UI's Send
   * Signal does): the same rules as the CLI's commands, a refused signal recorded in the rollout's history.
   */
  @Test
  void temporalsOwnSignalsPauseResumeAndRollBackARollout() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(10, 13);
    rollouts.startWorker();
    Path plan = rollouts.plan("signalled", "steered-by-signals", hosts, 1, "manual", RolloutFixture.GATES);
    String id = rollouts.start(plan);
    RolloutWorkflow rollout = rollouts.rollout(id);
    RolloutFixture.await(rollout, p -> p.inFlight() == 1);

    signal(id, "pause", "{\"actor\":\"alice\",\"reason\":\"lunch\"}");
    RolloutProgress paused = RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.PAUSED && p.inFlight() == 0);
    long started = started(paused);
    Thread.sleep(60_000);
    RolloutProgress stillPaused = rollout.progress();
    assertThat(stillPaused.status()).isEqualTo(RolloutStatus.PAUSED);
    assertThat(started(stillPaused)).as("no host starts for a minute while paused").isEqualTo(started);
    assertThat(stillPaused.pausedBy()).isEqualTo("alice");

    signal(id, "resume", "{\"actor\":\"alice\",\"reason\":\"back\"}");
    RolloutProgress canary = RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    List<String> touched = canary.hosts().stream().filter(h -> h.stage() == 0).map(h -> h.host()).toList();
    assertThat(touched).hasSize(2);

    signal(id, "abort", "{\"mode\":\"rollback\"}");
    RolloutFixture.await(rollout, p -> p.decisions().getLast().kind().equals("refused"));
    assertThat(rollout.progress().status()).as("the refused abort changed nothing").isEqualTo(RolloutStatus.WAITING_FOR_ASSESSMENT);
    CliRun history = rollouts.cli("rollout", "history", id, "--json");
    assertThat(new ObjectMapper().readTree(history.out()).path("entries"))
        .filteredOn(e -> e.path("what").asText().equals("refused")).as(history.toString())
        .singleElement().satisfies(e -> assertThat(e.path("reason").asText())
            .isEqualTo("signal abort refused: an abort needs a reason (--reason TEXT)"));

    signal(id, "abort", "{\"mode\":\"rollback\",\"reason\":\"puppet noise on the canary\"}");
    RolloutResult result = rollouts.result(id);
    assertThat(rollout.progress().decisions()).filteredOn(d -> d.kind().equals("abort")).singleElement()
        .satisfies(d -> assertThat(d.actor()).as("the sender the temporal CLI named").startsWith("temporal-cli:"));

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.ABORTED);
    for (String host : touched) {
      assertThat(RolloutFixture.record(result, host).status()).as(host).isEqualTo(HostStatus.REVERTED);
      assertThat(fleet.readFile(host, Os.LINUX.overridePath())).as(host + " override removed").isNull();
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(host, Os.LINUX.metadataPath()));
      assertThat(noOverride(metadata)).as(host + " Puppet ran without an override: " + metadata).isTrue();
      assertThat(fleet.taskcluster().quarantined(host)).as(host + " released").isFalse();
    }
    SimHost third = hosts.stream().filter(h -> !touched.contains(h.name())).findFirst().orElseThrow();
    assertThat(fleet.counters(third.name()).overrideWrites()).as("the host of the next stage was never written").isZero();
    HistoryRecorder.save(temporal.client(), id);
  }

  /**
   * A worker on another machine: its own data directory, so the override reaches it only with the rollout.
   * Without Taskcluster credentials it is found out by the pre-flight, before any host is quarantined.
   */
  @Test
  void aWorkerWithItsOwnDataDirectoryGetsTheOverrideWithTheRolloutAndOneLackingCredentialsIsRefusedFirst()
      throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(15, 17);
    Path plan = rollouts.plan("elsewhere", "worker-elsewhere", hosts, 2, "auto", RolloutFixture.GATES);
    Path elsewhere = Files.createDirectories(dir.resolve("worker-elsewhere"));
    java.util.Map<String, String> env = rollouts.env();
    env.put("FLEETROLL_HOME", elsewhere.toString());
    env.remove("TASKCLUSTER_CLIENT_ID");
    env.remove("TASKCLUSTER_ACCESS_TOKEN");
    WorkerProcess withoutCredentials = temporal.startWorker(env);

    CliRun refused = rollouts.cli("rollout", "start", plan.toString(), "--yes");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("cannot do the rollout").contains("TASKCLUSTER_CLIENT_ID")
        .contains("Nothing was started");
    for (SimHost h : hosts) {
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " never quarantined").isFalse();
      assertThat(fleet.counters(h.name()).overrideWrites()).isZero();
    }
    withoutCredentials.kill();

    env.putAll(rollouts.env());
    env.put("FLEETROLL_HOME", elsewhere.toString());
    temporal.startWorker(env);
    String id = rollouts.start(plan);
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    String sha = RolloutFixture.sha(plan);
    for (SimHost h : hosts) {
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(h.name(), Os.LINUX.metadataPath()));
      assertThat(metadata.path("override_sha").asText()).as(h.name()).isEqualTo(sha);
      assertThat(fleet.counters(h.name()).overrideWrites()).isEqualTo(1);
    }
    HistoryRecorder.save(temporal.client(), readinessOf(id));
  }

  /** The pre-flight that let rollout {@code id} start, found by its search attributes. */
  private static String readinessOf(String id) {
    return temporal.client().listExecutions("FleetrollKind = 'readiness' AND ExecutionStatus = 'Completed'")
        .map(e -> e.getExecution().getWorkflowId()).filter(w -> w.startsWith("readiness-")).reduce((a, b) -> b)
        .orElseThrow();
  }

  private static void signal(String id, String name, String input) throws IOException, InterruptedException {
    temporal.temporalCli("workflow", "signal", "--workflow-id", id, "--name", name, "--input", input);
  }

  private static long started(RolloutProgress p) {
    return p.hosts().stream().filter(h -> h.status() != HostStatus.PENDING).count();
  }

  /** Polls {@code condition} every half second for up to two minutes. */
  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not within 2 minutes: " + what).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  /**
   * An abort while Puppet has not run with the override yet (converge: wait) leaves the host quarantined
   * with the override unverified: `host release` is refused while the rollout holds the host; once it
   * ended, `host quarantined` lists the host with the rollout and why, and `host release` returns it.
   */
  @Test
  void aHostAnAbortedRolloutLeftQuarantinedIsListedAndReleasedBackIntoService() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(13, 15);
    rollouts.startWorker();
    Path plan = rollouts.plan("parked", "parked", hosts, "{canary: 2, batches: [\"100%\"]}", 1, "wait", "manual",
        RolloutFixture.GATES);
    String id = rollouts.start(plan);
    String parked = RolloutFixture.await(rollouts.rollout(id), p -> p.inFlight() == 1).hosts().stream()
        .filter(h -> h.status() == HostStatus.IN_FLIGHT).findFirst().orElseThrow().host();
    HostRolloutWorkflow pipeline = temporal.client().newWorkflowStub(HostRolloutWorkflow.class, RolloutIds.host(id, parked));
    assertThat(Fleet.await(Duration.ofMinutes(3), () -> pipeline.progress().step() == HostStep.AWAIT_PUPPET)).isTrue();

    CliRun held = rollouts.cli("host", "release", parked, "--reason", "looks fine", "--confirm");
    assertThat(held.exitCode()).as(held.toString()).isEqualTo(2);
    assertThat(held.err()).contains("is held by " + id);
    assertThat(fleet.taskcluster().quarantined(parked)).isTrue();

    assertThat(rollouts.cli("rollout", "abort", id, "--reason", "wrong branch").exitCode()).isZero();
    RolloutResult result = rollouts.result(id);
    HostRecord record = RolloutFixture.record(result, parked);
    assertThat(record.status()).isEqualTo(HostStatus.ABORTED);
    assertThat(record.outcome().quarantined()).as("written, not verified: parked").isTrue();
    assertThat(fleet.readFile(parked, Os.LINUX.overridePath())).isNotNull();
    assertThat(fleet.taskcluster().quarantined(parked)).isTrue();

    CliRun listed = rollouts.cli("host", "quarantined");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains(parked).contains(id).contains("aborted").contains("Puppet has not verified it");
    ScheduleClient schedules = ScheduleClient.newInstance(temporal.stubs(), ScheduleClientOptions.newBuilder()
        .setNamespace(temporal.client().getOptions().getNamespace()).build());
    assertThat(Fleet.await(Duration.ofMinutes(1), () -> schedules.listSchedules().anyMatch(
        s -> s.getScheduleId().equals(QuarantineSweepWorkflow.SCHEDULE_ID)))).as("the worker registers the sweep").isTrue();
    assertThat(schedules.getHandle(QuarantineSweepWorkflow.SCHEDULE_ID).describe().getSchedule().getAction())
        .isInstanceOfSatisfying(ScheduleActionStartWorkflow.class,
            a -> assertThat(a.getWorkflowType()).isEqualTo("QuarantineSweepWorkflow"));
    CliRun json = rollouts.cli("host", "quarantined", "--json");
    JsonNode stranded = new ObjectMapper().readTree(json.out());
    // The other tests' rollouts share the fleet: only this rollout's entries are this test's to count.
    assertThat(stranded).filteredOn(n -> n.path("rolloutId").asText().equals(id))
        .singleElement().satisfies(n -> assertThat(n.path("host").asText()).isEqualTo(parked));

    CliRun dry = rollouts.cli("host", "release", parked, "--reason", "override checked, Puppet runs fine");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("RELEASE").contains(parked).contains("fleetroll rollout " + id).contains("Dry run");
    assertThat(fleet.taskcluster().quarantined(parked)).isTrue();
    CliRun released = rollouts.cli("host", "release", parked, "--reason", "override checked, Puppet runs fine", "--confirm");
    assertThat(released.exitCode()).as(released.toString()).isZero();

    assertThat(fleet.taskcluster().quarantined(parked)).as("back in service").isFalse();
    assertThat(rollouts.cli("host", "quarantined").out()).doesNotContain(parked);
    try (Store store = Store.open(temporal.home())) {
      // Another test of the class may have released a host it found parked: only this host's entries count.
      assertThat(store.auditLog().recent(20)).filteredOn(e -> e.action().equals("host.release")
          && e.hosts().contains(parked)).singleElement().satisfies(e -> assertThat(e.hosts()).containsExactly(parked));
    }
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, parked));
  }

  private static boolean noOverride(JsonNode metadata) {
    JsonNode sha = metadata.path("override_sha");
    return sha.isMissingNode() || sha.isNull() || sha.asText().isEmpty();
  }

  @Test
  void planRecordsEveryHostKeyItAcceptsInTheAuditLog() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(0, 2);
    Path plan = rollouts.plan("keys", "new-keys", hosts, 1, "manual", RolloutFixture.GATES);
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
    Path config = Files.writeString(dir.resolve("ssh_config"), Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().knownHosts().toString(), knownHosts.toString()));

    CliRun refused = rollouts.cli("rollout", "plan", plan.toString(), "-F", config.toString());
    assertThat(refused.out() + refused.err()).as(refused.toString()).contains("host key refused");
    CliRun planned = rollouts.cli("rollout", "plan", plan.toString(), "-F", config.toString(), "--accept-new-host-keys");
    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    assertThat(planned.out()).contains("2 to roll out");

    try (Store store = Store.open(temporal.home())) {
      List<AuditLog.Entry> accepted = store.auditLog().recent(100).stream()
          .filter(e -> e.action().equals("host.accept_host_key")).toList();
      assertThat(accepted).extracting(e -> e.hosts().get(0)).containsExactlyInAnyOrderElementsOf(
          hosts.stream().map(SimHost::name).toList());
      assertThat(accepted).allSatisfy(e -> {
        assertThat(e.actor()).isEqualTo("e2e");
        assertThat(e.parameters()).containsEntry("by", "rollout plan").containsEntry("file", knownHosts.toString());
      });
    }
  }

  /** The account this test runs as, by a tool nobody here wrote. */
  private static String account() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-un").start();
    String name = new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(id.waitFor()).isZero();
    return name;
  }
}
