package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.InventoryGatherWorkflow;
import dev.fleetroll.inventory.drift.FleetState;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.RowBuilder;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.github.GitHub;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.store.Store;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scheduled gathering end to end: the CLI creates the Temporal Schedule on the real dev server, a real
 * worker process gathers the simulated fleet (SSH, the Taskcluster stand-in, the simulated GitHub's REST
 * API) into its store, and the CLI's monitor and drift show what happened on the hosts: a branch head
 * moved, an override written by hand over SSH, a host powered off.
 */
class InventoryEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(3, 0));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EVERY = Duration.ofSeconds(15);

  @Test
  void theScheduleKeepsTheStoreCurrentForPpMatchDriftAndUnreachableHosts() throws Exception {
    Fleet fleet = sim.fleet();
    Map<String, String> env = environment(fleet);
    temporal.startWorker(env);
    List<SimHost> hosts = fleet.hosts();
    SimHost handWritten = hosts.get(0);
    SimHost poweredOff = hosts.get(2);
    String list = fleet.files().hostsList().toString();

    CliRun schedule = temporal.cli(env, "inventory", "schedule", "--hosts", list, "--every", "15s", "--tc-every", "15s",
        "--gh-every", "15s");
    assertThat(schedule.exitCode()).as(schedule.toString()).isZero();
    assertThat(schedule.out()).contains("Schedule fleetroll-inventory created");
    awaitRows(hosts, r -> r.cell(Column.PP_MATCH).text().equals("Y"), "every host runs the head of master");

    // A new commit on master: no host has run it yet.
    Instant pushed = Instant.now();
    fleet.github().push(GitHub.UPSTREAM_REPO, GitHub.DEFAULT_BRANCH);
    // An override written by hand, outside any rollout.
    RolloutFixture.ssh(fleet, handWritten, "printf 'PUPPET_REPO=\"" + GitHub.UPSTREAM_REPO + "\"\\nPUPPET_BRANCH=\"hand-made\"\\n'"
        + " | sudo tee /etc/puppet/ronin_settings >/dev/null");
    fleet.fault(poweredOff.name(), "power=off");

    awaitRows(List.of(hosts.get(1)), r -> r.cell(Column.PP_MATCH).text().equals("N"), "PP_MATCH N after the push");
    assertThat(Duration.between(pushed, Instant.now())).isLessThan(Duration.ofMinutes(2));
    CliRun monitor = temporal.cli(env, "host", "monitor", "--once", "--json", list);
    assertThat(monitor.exitCode()).as(monitor.toString()).isZero();
    Map<String, JsonNode> rows = new HashMap<>();
    for (String line : monitor.out().lines().toList()) {
      JsonNode n = JSON.readTree(line);
      rows.put(n.get("host").asText(), n);
    }
    JsonNode behind = rows.get(hosts.get(1).shortName()); // the monitor leaves out the fleet's common DNS suffix
    assertThat(behind.get("pp_match").asText()).isEqualTo("N");
    assertThat(behind.get("pp_exp").asText()).isEqualTo(fleet.github().head(GitHub.UPSTREAM_REPO, GitHub.DEFAULT_BRANCH)
        .orElseThrow().substring(0, 7));
    assertThat(behind.get("pp_sha").asText()).isNotEqualTo(behind.get("pp_exp").asText());

    awaitRows(List.of(poweredOff), r -> r.cell(Column.STATUS).text().equals("FAIL"), "the powered-off host's audit fails");
    // Drift calls a host unreachable once its audits have failed in a row for --unreachable-after: ask after that.
    Instant failedSince;
    try (Store store = Store.open(temporal.home())) {
      failedSince = store.latestObservations(List.of(poweredOff.name())).get(poweredOff.name()).latest().observedAt();
    }
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), failedSince.plusSeconds(6)).toMillis()));
    List<JsonNode> drift = drift(env, "--unreachable-after", "5s");
    assertThat(drift).as(drift.toString()).anySatisfy(f -> {
      assertThat(f.get("host").asText()).isEqualTo(handWritten.name());
      assertThat(f.get("type").asText()).isEqualTo("override");
      assertThat(f.get("detail").asText()).contains("written outside Fleetroll");
    });
    assertThat(drift).anySatisfy(f -> {
      assertThat(f.get("host").asText()).isEqualTo(poweredOff.name());
      assertThat(f.get("type").asText()).isEqualTo("unreachable");
      assertThat(Instant.parse(f.get("since").asText())).isAfter(pushed.minusSeconds(1));
    });
    assertThat(drift).anySatisfy(f -> {
      assertThat(f.get("host").asText()).isEqualTo(hosts.get(1).name());
      assertThat(f.get("type").asText()).isEqualTo("behind");
    });
    try (Store store = Store.open(temporal.home())) {
      HostObservation down = store.latestObservations(List.of(poweredOff.name())).get(poweredOff.name()).latest();
      assertThat(down.outcome()).isEqualTo("unreachable");
      assertThat(down.error()).isNotBlank();
    }

    CliRun show = temporal.cli(env, "inventory", "schedule", "--show");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).contains("3 (", "overlap: skip", "fleetroll-inventory-");
    saveAFinishedGathering();
    CliRun off = temporal.cli(env, "inventory", "schedule", "--off");
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(temporal.cli(env, "inventory", "schedule", "--show").exitCode()).isEqualTo(1);
  }

  private static Map<String, String> environment(Fleet fleet) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (var file : List.of(fleet.files().taskclusterEnv(), fleet.files().githubEnv())) {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    env.put("FLEETROLL_SSH_CONFIG", fleet.files().sshConfig().toString());
    env.put("FLEETROLL_ACTOR", "e2e");
    return env;
  }

  /** Polls the store the worker writes (as the monitor reads it) until the rows of {@code hosts} all hold. */
  private static void awaitRows(List<SimHost> hosts, Predicate<MonitorRow> condition, String what) throws InterruptedException {
    List<String> names = hosts.stream().map(SimHost::name).toList();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    List<MonitorRow> rows = List.of();
    while (System.nanoTime() < deadline) {
      try (Store store = Store.open(temporal.home())) {
        rows = RowBuilder.rows(FleetState.load(store, names, Instant.now()), Duration.ofHours(1));
      }
      if (rows.stream().allMatch(condition)) {
        return;
      }
      Thread.sleep(EVERY.toMillis() / 5);
    }
    List<String> seen = new ArrayList<>();
    rows.forEach(r -> seen.add(r.host() + " " + r.cells()));
    throw new AssertionError("not within 2 minutes: " + what + "; rows: " + seen);
  }

  private static List<JsonNode> drift(Map<String, String> env, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("host", "drift", "--json"));
    args.addAll(List.of(options));
    CliRun run = temporal.cli(env, args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** The history of one finished gathering, for ReplayTest (target/recorded-histories/). */
  private static void saveAFinishedGathering() {
    for (WorkflowExecutionMetadata m : temporal.client().listExecutions("FleetrollKind = '" + InventoryGatherWorkflow.KIND + "'")
        .toList()) {
      if (m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        HistoryRecorder.save(temporal.client(), m.getExecution().getWorkflowId());
        return;
      }
    }
    throw new AssertionError("no finished gathering");
  }
}
