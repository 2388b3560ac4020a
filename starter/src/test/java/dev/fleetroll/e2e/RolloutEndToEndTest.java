package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.host.AuditParser;
import dev.fleetroll.rollout.FailureType;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.HostStep;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(23, 4)
      .withPuppet(Duration.ofSeconds(1), Duration.ofSeconds(5))
      .withRebootDowntime(Duration.ofSeconds(1))
      .withTasks(Duration.ofSeconds(8), Duration.ofSeconds(15), 6.0)
      .withClaimTimeout(Duration.ofMinutes(2))
      .withLastActiveThrottle(Duration.ofSeconds(5)));

  private static final String REPO = "https://github.com/relops-e2e/ronin_puppet.git";
  private static final Pattern STARTED = Pattern.compile("Started rollout (rollout-\\S+)");

  @TempDir Path dir;

  @Test
  void twentyHostsCanaryThenHalfThenTheRestEachStageAdvancedByHand() throws Exception {
    Fleet fleet = sim.fleet();
    List<SimHost> hosts = new ArrayList<>(fleet.hosts(Os.LINUX).subList(0, 16));
    hosts.addAll(fleet.hosts(Os.MAC).subList(0, 4));
    startWorker(fleet);
    Path plan = plan("twenty", "stages-ok", hosts, 6, "manual");

    CliRun dry = temporal.cli(env(fleet), "rollout", "plan", plan.toString());
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("20 to roll out, 0 blocked, 0 excluded").contains("canary").contains("Expected duration");

    // `start` checks the plan again: a Mac rebooting after its task at that moment must still count
    // (the check retries unreachable hosts for a minute); if one is left out, its reason is printed here.
    CliRun started = startRun(fleet, plan);
    assertThat(started.out()).as(started.toString()).contains("20 to roll out, 0 blocked, 0 excluded");
    String id = idOf(started);
    RolloutWorkflow rollout = temporal.client().newWorkflowStub(RolloutWorkflow.class, id);
    RolloutProgress canary = await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    assertThat(canary.stages()).extracting(s -> s.hosts()).containsExactly(2, 9, 9);
    assertThat(canary.succeeded()).isEqualTo(2);
    assertThat(canary.hosts().stream().filter(h -> h.stage() == 0).map(h -> h.target().role()).distinct())
        .as("the canary tries one host of each kind (the sim's Linux hosts have two roles)").hasSize(2);
    CliRun status = temporal.cli(env(fleet), "rollout", "status", id);
    assertThat(status.out()).contains("waiting for assessment").contains("canary").contains("2/20 done");

    assertThat(temporal.cli(env(fleet), "rollout", "advance", id, "--reason", "canary healthy").exitCode()).isZero();
    await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    CliRun tooEarly = temporal.cli(env(fleet), "rollout", "advance", "rollout-nope-20200101-0000");
    assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isEqualTo(2);
    assertThat(temporal.cli(env(fleet), "rollout", "advance", id).exitCode()).isZero();
    RolloutResult result = result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(20);
    String sha = sha(plan);
    for (SimHost h : hosts) {
      JsonNode metadata = new ObjectMapper().readTree(fleet.readFile(h.name(), h.os().metadataPath()));
      assertThat(metadata.path("override_sha").asText()).as(h.name() + " Puppet metadata").isEqualTo(sha);
      assertThat(metadata.path("success").asBoolean()).isTrue();
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name() + " override writes").isEqualTo(1);
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " released").isFalse();
      HostRecord record = record(result, h.name());
      assertThat(record.outcome().health().completed()).as(h.name() + " completed tasks").isNotEmpty();
      String task = record.outcome().health().completed().getFirst().split("/")[0];
      assertThat(fleet.taskcluster().task(task).orElseThrow().state()).isEqualTo("completed");
    }
    var attributes = WorkflowStub.fromTyped(rollout).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.ROLLOUT_STATE)).isEqualTo("succeeded");
    assertThat(attributes.get(SearchAttributes.HOSTS_DONE)).isEqualTo(20L);
    assertThat(attributes.get(SearchAttributes.OVERRIDE_SHA)).isEqualTo(sha);
    CliRun list = temporal.cli(env(fleet), "rollout", "list");
    assertThat(list.out()).contains(id).contains("succeeded");
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, hosts.getFirst().name()),
        RolloutIds.lease(hosts.getFirst().name()));
  }

  @Test
  void aHostWhosePuppetFailsEndsFailedAndQuarantinedWhileTheOthersContinue() throws Exception {
    Fleet fleet = sim.fleet();
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(16, 19);
    SimHost bad = hosts.get(1);
    fleet.fault(bad.name(), "puppet=fail");
    startWorker(fleet);
    Path plan = plan("puppetfail", "puppet-fails-on-one", hosts, 3, "auto");

    RolloutResult result = result(start(fleet, plan));

    assertThat(result.status()).isEqualTo(RolloutStatus.COMPLETED_WITH_FAILURES);
    HostRecord failed = record(result, bad.name());
    assertThat(failed.status()).isEqualTo(HostStatus.FAILED);
    assertThat(failed.outcome().failure().type()).isEqualTo(FailureType.CHANGE);
    assertThat(failed.outcome().failure().step()).isEqualTo(HostStep.AWAIT_PUPPET);
    assertThat(failed.outcome().failure().message()).contains("Puppet failed");
    assertThat(fleet.taskcluster().quarantined(bad.name())).as("a broken worker stays out of service").isTrue();
    for (SimHost ok : List.of(hosts.get(0), hosts.get(2))) {
      assertThat(record(result, ok.name()).status()).isEqualTo(HostStatus.SUCCEEDED);
      assertThat(fleet.taskcluster().quarantined(ok.name())).isFalse();
    }
    fleet.fault(bad.name(), "clear");
  }

  @Test
  void workerKilledAtThreeRandomMomentsTheRolloutStillCompletesWithNoStepRepeated() throws Exception {
    Fleet fleet = sim.fleet();
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(19, 23);
    Map<String, Integer> rebootsBefore = new HashMap<>();
    hosts.forEach(h -> rebootsBefore.put(h.name(), fleet.counters(h.name()).reboots()));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    WorkerProcess worker = startWorker(fleet);
    Path plan = plan("crash", "survives-crashes", hosts, 2, "auto");
    String id = start(fleet, plan);

    List<String> kills = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread.sleep(2000 + random.nextInt(10_000));
      RolloutProgress p = temporal.client().newWorkflowStub(RolloutWorkflow.class, id).progress();
      kills.add(p.succeeded() + " done, " + p.inFlight() + " in flight");
      worker.kill();
      worker = startWorker(fleet);
    }
    RolloutResult result = result(id);

    assertThat(result.status()).as("seed " + seed + ", killed at " + kills).isEqualTo(RolloutStatus.SUCCEEDED);
    for (SimHost h : hosts) {
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name() + " writes (seed " + seed + ")").isEqualTo(1);
      assertThat(fleet.counters(h.name()).reboots() - rebootsBefore.get(h.name()))
          .as(h.name() + " reboots (seed " + seed + ")").isEqualTo(1);
      assertThat(fleet.taskcluster().quarantined(h.name())).as(h.name() + " released").isFalse();
    }
    HistoryRecorder.save(temporal.client(), id, RolloutIds.host(id, hosts.getFirst().name()));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private WorkerProcess startWorker(Fleet fleet) throws IOException {
    Map<String, String> env = new HashMap<>(env(fleet));
    return temporal.startWorker(env);
  }

  private static Map<String, String> env(Fleet fleet) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(fleet.files().taskclusterEnv())) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    env.put("FLEETROLL_SSH_CONFIG", fleet.files().sshConfig().toString());
    env.put("FLEETROLL_ACTOR", "e2e");
    return env;
  }

  private Path plan(String name, String branch, List<SimHost> hosts, int maxInFlight, String advance) throws IOException {
    sim.fleet().github().push(REPO, branch);
    Path override = Files.writeString(dir.resolve(name + ".override"), "PUPPET_REPO='" + REPO + "'\nPUPPET_BRANCH='"
        + branch + "'\nPUPPET_MAIL='relops@example.com'\n");
    Files.write(dir.resolve(name + ".list"), hosts.stream().map(SimHost::name).toList());
    return Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        override: %s
        targets: [%s.list]
        stages: {canary: 2, batches: ["50%%", "100%%"]}
        max_in_flight: %d
        converge: {linux: reboot, macos: reboot}
        drain: {deadline: 5m, on_deadline: fail}
        health: {tasks: 1, deadline: 5m}
        timeouts: {command: 1m, puppet: 5m, poll: 2s}
        advance: %s
        """.formatted(name, override.getFileName(), name, maxInFlight, advance));
  }

  private String start(Fleet fleet, Path plan) throws IOException {
    return idOf(startRun(fleet, plan));
  }

  private CliRun startRun(Fleet fleet, Path plan) throws IOException {
    CliRun run = temporal.cli(env(fleet), "rollout", "start", plan.toString(), "--yes");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private static String idOf(CliRun run) {
    Matcher m = STARTED.matcher(run.out());
    assertThat(m.find()).as(run.toString()).isTrue();
    return m.group(1);
  }

  private static String sha(Path plan) throws IOException {
    String name = plan.getFileName().toString().replace(".yaml", ".override");
    return AuditParser.sha256(Files.readString(plan.resolveSibling(name)).getBytes(StandardCharsets.UTF_8));
  }

  private static RolloutProgress await(RolloutWorkflow rollout, Predicate<RolloutProgress> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    RolloutProgress p = null;
    while (System.nanoTime() < deadline) {
      p = rollout.progress();
      if (condition.test(p)) {
        return p;
      }
      assertThat(p.status().finished()).as("finished early: " + p).isFalse();
      Thread.sleep(500);
    }
    throw new AssertionError("not there within 10 minutes: " + p);
  }

  private static RolloutResult result(String id) throws Exception {
    return temporal.client().newUntypedWorkflowStub(id).getResult(15, TimeUnit.MINUTES, RolloutResult.class);
  }

  private static HostRecord record(RolloutResult result, String host) {
    return result.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
  }
}
