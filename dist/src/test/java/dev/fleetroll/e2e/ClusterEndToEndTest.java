package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.server.BackgroundProcess;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.temporal.SearchAttributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/cluster end to end, on the package this module built: PostgreSQL, the Temporal server and UI server
 * the container images run, two workers (the package's bin/fleetroll-worker, as its systemd unit starts it)
 * with data directories of their own, as on machines of their own, and the CLI with a third, as on an
 * operator's laptop; plain and with mutual TLS through the standard Temporal client variables. A rollout of
 * 20 simulated hosts goes through worker 1 SIGKILLed (and left down) and the server restarted, and is then
 * listed by a freshly started server from what PostgreSQL kept.
 */
class ClusterEndToEndTest {

  private static final int ATTRIBUTES = SearchAttributes.ALL.size();
  private static final int HOSTS = 20;

  /** 20 hosts for each run (a host that kept a rollout's override blocks the next); tasks of 3-6 s. */
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(2 * HOSTS, 0)
      .withTasks(Duration.ofSeconds(3), Duration.ofSeconds(6), 6.0));

  @TempDir Path cliHome;
  @TempDir Path plans;

  @ParameterizedTest(name = "tls: {0}")
  @ValueSource(booleans = {false, true})
  void aRolloutOf20HostsSucceedsThroughAKilledWorkerAndAServerRestartAndAFreshServerListsIt(boolean tls)
      throws Exception {
    String name = tls ? "tls" : "plain";
    Fleet fleet = sim.fleet();
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(tls ? HOSTS : 0, tls ? 2 * HOSTS : HOSTS);
    try (LocalCluster cluster = LocalCluster.up(name, 2, tls, RolloutFixture.environment(fleet))) {
      FleetrollHome home = new FleetrollHome(cliHome);
      Map<String, String> env = cluster.cliEnvironment();
      RolloutFixture rollouts = new RolloutFixture(cluster.operator(home), fleet, plans);

      assertThat(cluster.upOutput()).as("up runs the first namespace setup")
          .contains(ATTRIBUTES + " search attribute(s) added, 0 already there");
      CliRun again = cluster.cli(home, Map.of(), "namespace", "setup");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains(": 0 search attribute(s) added, " + ATTRIBUTES + " already there")
          .doesNotContain("  added ");
      CliRun status = cluster.script("status");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out()).contains("worker-1").contains("worker-2").contains("health UP")
          .contains(cluster.workerHome(1).toString()).contains(cluster.workerHome(2).toString());
      for (String worker : List.of("worker-1", "worker-2")) {
        assertThat(cluster.process(worker).info().commandLine().orElse(""))
            .as(worker + " runs the package's worker jar").contains(cluster.dir().resolve("package").toString())
            .contains("java/fleetroll-worker.jar");
      }
      if (tls) {
        assertThat(env).containsKeys("TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH",
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH");
        Map<String, String> noCertificate = new HashMap<>(env);
        noCertificate.remove("TEMPORAL_TLS_CLIENT_CERT_PATH");
        noCertificate.remove("TEMPORAL_TLS_CLIENT_KEY_PATH");
        CliRun refused = CliRun.run(home, noCertificate, "ping");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach Temporal at " + env.get("TEMPORAL_ADDRESS") + " (TLS: ")
            .contains("CERTIFICATE_REQUIRED");
        CliRun plainRefused = CliRun.run(home, Map.of("TEMPORAL_ADDRESS", env.get("TEMPORAL_ADDRESS")), "ping");
        assertThat(plainRefused.exitCode()).as(plainRefused.toString()).isEqualTo(1);
        assertThat(plainRefused.err()).contains("(plain: ");
      }

      Path plan = rollouts.plan("cluster-" + name, "cluster-" + name, hosts, "{canary: 2, batches: [6]}", 6,
          "reboot", "auto", RolloutFixture.GATES);
      String id = rollouts.start(plan);

      // Worker 1 dies mid-rollout (after the canary's writes, with hosts still to come) and stays down.
      awaitWrites(fleet, hosts, 3);
      ProcessHandle worker1 = cluster.process("worker-1");
      BackgroundProcess.kill(worker1);
      worker1.onExit().get(1, TimeUnit.MINUTES);
      // The server restarts mid-rollout, on the same PostgreSQL: the third stage has not started yet.
      awaitWrites(fleet, hosts, 9);
      long server = cluster.process("server").pid();
      assertThat(writes(fleet, hosts)).as("hosts still to write when the server restarts").isLessThan(HOSTS);
      cluster.restart("server");
      assertThat(cluster.process("server").pid()).isNotEqualTo(server);

      RolloutResult result = rollouts.result(id);

      assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
      String sha = RolloutFixture.sha(plan);
      for (SimHost host : hosts) {
        assertThat(fleet.counters(host.name()).overrideWrites()).as(host.name() + ": one write").isEqualTo(1);
        assertThat(fleet.readFile(host.name(), Os.LINUX.metadataPath())).as(host.name() + " Puppet applied it")
            .contains(sha);
        assertThat(fleet.taskcluster().quarantined(host.name())).as(host.name() + " released").isFalse();
      }
      CliRun down = cluster.script("status");
      assertThat(down.exitCode()).as("worker 1 stayed down: " + down).isEqualTo(1);
      assertThat(down.out()).containsPattern("worker-1 +- ");

      // A fresh server process, on what PostgreSQL kept, lists the rollout to the CLI's data directory.
      server = cluster.process("server").pid();
      cluster.restart("server");
      assertThat(cluster.process("server").pid()).isNotEqualTo(server);
      CliRun list = rollouts.cli("rollout", "list");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.out()).containsPattern(Pattern.quote(id) + " +succeeded ");
    }
  }

  /** Override writes that landed on {@code hosts} (the simulator counts them on each host's disk). */
  private static int writes(Fleet fleet, List<SimHost> hosts) {
    return hosts.stream().mapToInt(h -> fleet.counters(h.name()).overrideWrites()).sum();
  }

  private static void awaitWrites(Fleet fleet, List<SimHost> hosts, int atLeast) {
    assertThat(Fleet.await(Duration.ofMinutes(3), () -> writes(fleet, hosts) >= atLeast))
        .as(atLeast + " override writes within 3 minutes (" + writes(fleet, hosts) + ")").isTrue();
  }
}
