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
import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end: the real CLI (as a process) starts them on the real Temporal dev server, a real
 * worker process runs them against the simulated fleet (real sshd hosts, the Taskcluster stand-in), and
 * every assertion counts on the hosts what happened there. Sim timings are shortened (Puppet 1 s,
 * reboots 1 s, tasks of 8-15 s: a Mac reboots after each); the rollouts poll every 2 s.
 */
class RolloutEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  /** 20 hosts for the staged rollout, 3 for the failing Puppet, 4 for the crashes. */
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(23, 4));

  @TempDir Path dir;
  private Fleet fleet;
  private RolloutFixture rollouts;

  @BeforeEach
  void setUp() {
    fleet = sim.fleet();
    rollouts = new RolloutFixture(temporal, fleet, dir);
  }

  @Test
  void twentyHostsCanaryThenHalfThenTheRestEachStageAdvancedByHand() throws Exception {
    List<SimHost> hosts = new ArrayList<>(fleet.hosts(Os.LINUX).subList(0, 16));
    hosts.addAll(fleet.hosts(Os.MAC).subList(0, 4));
    rollouts.startWorker();
    Path plan = rollouts.plan("twenty", "stages-ok", hosts, 6, "manual", RolloutFixture.GATES);

    CliRun dry = rollouts.cli("rollout", "plan", plan.toString());
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("20 to roll out, 0 blocked, 0 excluded").contains("canary").contains("Expected duration");

    // `start` checks the plan again: a Mac rebooting after its task at that moment must still count
    // (the check retries unreachable hosts for a minute); if one is left out, its reason is printed here.
    CliRun started = rollouts.cli("rollout", "start", plan.toString(), "--yes");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    assertThat(started.out()).as(started.toString()).contains("20 to roll out, 0 blocked, 0 excluded");
    String id = RolloutFixture.idOf(started);
    RolloutWorkflow rollout = temporal.client().newWorkflowStub(RolloutWorkflow.class, id);
    RolloutProgress canary = RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    assertThat(canary.stages()).extracting(s -> s.hosts()).containsExactly(2, 9, 9);
    assertThat(canary.succeeded()).isEqualTo(2);
    assertThat(canary.hosts().stream().filter(h -> h.stage() == 0).map(h -> h.target().role()).distinct())
        .as("the canary tries one host of each kind (the sim's Linux hosts have two roles)").hasSize(2);
    CliRun status = rollouts.cli("rollout", "status", id);
    assertThat(status.out()).contains("waiting for assessment").contains("canary").contains("2/20 done");

    assertThat(canary.gates().passed()).as("the canary's gates: " + canary.gates()).isTrue();
    assertThat(status.out()).contains("min_hosts_with_jobs_fraction").contains("pass");

    assertThat(rollouts.cli("rollout", "advance", id, "--reason", "canary healthy").exitCode()).isZero();
    CliRun pause = rollouts.cli("rollout", "pause", id, "--reason", "lunch");
    assertThat(pause.exitCode()).as(pause.toString()).isZero();
    RolloutProgress paused = RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.PAUSED && p.inFlight() == 0);
    long startedWhenPaused = started(paused);
    Thread.sleep(10_000);
    RolloutProgress stillPaused = rollout.progress();
    assertThat(stillPaused.status()).isEqualTo(RolloutStatus.PAUSED);
    assertThat(started(stillPaused)).as("no host starts while paused").isEqualTo(startedWhenPaused);
    assertThat(rollouts.cli("rollout", "resume", id, "--reason", "back").exitCode()).isZero();
    RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    CliRun tooEarly = rollouts.cli("rollout", "advance", "rollout-nope-20200101-0000");
    assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isEqualTo(2);
    assertThat(rollouts.cli("rollout", "advance", id).exitCode()).isZero();
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(20);
    String sha = RolloutFixture.sha(plan);
    for (SimHost h : hosts) {
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(h.name(), h.os().metadataPath()));
      assertThat(metadata.path("override_sha").asText()).as(h.name() + " Puppet metadata").isEqualTo(sha);
      assertThat(metadata.path("success").asBoolean()).isTrue();
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name() + " override writes").isEqualTo(1);
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " released").isFalse();
      HostRecord record = RolloutFixture.record(result, h.name());
      assertThat(record.outcome().health().completed()).as(h.name() + " completed tasks").isNotEmpty();
      String task = record.outcome().health().completed().getFirst().split("/")[0];
      assertThat(fleet.taskcluster().task(task).orElseThrow().state()).isEqualTo("completed");
    }
    var attributes = WorkflowStub.fromTyped(rollout).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.ROLLOUT_STATE)).isEqualTo("succeeded");
    assertThat(attributes.get(SearchAttributes.HOSTS_DONE)).isEqualTo(20L);
    assertThat(attributes.get(SearchAttributes.OVERRIDE_SHA)).isEqualTo(sha);
    CliRun history = rollouts.cli("rollout", "history", id);
    assertThat(history.out()).as(history.toString()).contains("advance").contains("canary healthy").contains("pause")
        .contains("lunch").contains("resume").contains("e2e");
    CliRun list = rollouts.cli("rollout", "list");
    assertThat(list.out()).contains(id).contains("succeeded");
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, hosts.getFirst().name()),
        RolloutIds.lease(hosts.getFirst().name()));
  }

  @Test
  void aHostWhosePuppetFailsEndsFailedAndQuarantinedWhileTheOthersContinue() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(16, 19);
    SimHost bad = hosts.get(1);
    fleet.fault(bad.name(), "puppet=fail");
    rollouts.startWorker();
    Path plan = rollouts.plan("puppetfail", "puppet-fails-on-one", hosts, 3, "auto",
        "gates: {min_jobs_total: 1, soak: 0s, window: 1h, max_failed_hosts: {change: 1}}");

    String id = rollouts.start(plan);
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).isEqualTo(RolloutStatus.COMPLETED_WITH_FAILURES);
    HostRecord failed = RolloutFixture.record(result, bad.name());
    assertThat(failed.status()).isEqualTo(HostStatus.FAILED);
    assertThat(failed.outcome().failure().type()).isEqualTo(FailureType.CHANGE);
    assertThat(failed.outcome().failure().step()).isEqualTo(HostStep.AWAIT_PUPPET);
    assertThat(failed.outcome().failure().message()).contains("Puppet failed");
    assertThat(fleet.taskcluster().quarantined(bad.name())).as("a broken worker stays out of service").isTrue();
    for (SimHost ok : List.of(hosts.get(0), hosts.get(2))) {
      assertThat(RolloutFixture.record(result, ok.name()).status()).isEqualTo(HostStatus.SUCCEEDED);
      assertThat(fleet.taskcluster().quarantined(ok.name())).isFalse();
    }
    fleet.fault(bad.name(), "clear");
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, bad.name()));
  }

  @Test
  void workerKilledAtThreeRandomMomentsTheRolloutStillCompletesWithNoStepRepeated() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(19, 23);
    Map<String, Integer> rebootsBefore = new HashMap<>();
    hosts.forEach(h -> rebootsBefore.put(h.name(), fleet.counters(h.name()).reboots()));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    WorkerProcess worker = rollouts.startWorker();
    Path plan = rollouts.plan("crash", "survives-crashes", hosts, 2, "auto", RolloutFixture.GATES);
    String id = rollouts.start(plan);

    List<String> kills = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread.sleep(2000 + random.nextInt(10_000));
      RolloutProgress p = temporal.client().newWorkflowStub(RolloutWorkflow.class, id).progress();
      kills.add(p.succeeded() + " done, " + p.inFlight() + " in flight");
      worker.kill();
      worker = rollouts.startWorker();
    }
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as("seed " + seed + ", killed at " + kills).isEqualTo(RolloutStatus.SUCCEEDED);
    for (SimHost h : hosts) {
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name() + " writes (seed " + seed + ")").isEqualTo(1);
      assertThat(fleet.counters(h.name()).reboots() - rebootsBefore.get(h.name()))
          .as(h.name() + " reboots (seed " + seed + ")").isEqualTo(1);
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " released").isFalse();
    }
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, hosts.getFirst().name()));
  }

  private static long started(RolloutProgress p) {
    return p.hosts().stream().filter(h -> h.passes() > 0).count();
  }
}
