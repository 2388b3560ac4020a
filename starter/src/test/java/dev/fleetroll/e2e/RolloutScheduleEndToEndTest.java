package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.freeze.FreezeWorkflow;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance windows and team freezes (issue 15, item 1) on the real dev server, a real worker and the simulated
 * fleet. What happened is read from the Taskcluster stand-in (when each worker was quarantined: the start of its
 * host's pipeline) and the hosts (override writes). The window is moved, not the clock: the plan's two windows
 * are set around the present minute.
 */
class RolloutScheduleEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  /** 3 hosts for the window, 3 for the freeze. */
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(6, 0));

  @TempDir Path dir;
  private Fleet fleet;
  private RolloutFixture rollouts;

  @BeforeEach
  void setUp() {
    fleet = sim.fleet();
    rollouts = new RolloutFixture(temporal, fleet, dir);
  }

  @Test
  void aWindowThatClosesMidStageStartsNoHostUntilItReopens() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(0, 3);
    rollouts.startWorker();
    Instant closes = Instant.now().plusSeconds(50).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Instant reopens = closes.plus(Duration.ofMinutes(2));
    String schedule = "schedule:\n  windows:\n"
        + "    - {from: \"" + hhmm(closes.minus(Duration.ofHours(2))) + "\", to: \"" + hhmm(closes) + "\"}\n"
        + "    - {from: \"" + hhmm(reopens) + "\", to: \"" + hhmm(reopens.plus(Duration.ofHours(2))) + "\"}\n";
    Path plan = rollouts.plan("windowed", "in-the-window", hosts, "{canary: 1, batches: [\"100%\"]}", 1, "reboot",
        "manual", RolloutFixture.GATES + "\n" + schedule);
    CliRun dryRun = rollouts.cli("rollout", "plan", plan.toString());
    assertThat(dryRun.out()).as(dryRun.toString()).contains("new hosts start only in daily")
        .contains("From now, the expected");

    String id = rollouts.start(plan);
    RolloutWorkflow rollout = rollouts.rollout(id);
    RolloutFixture.await(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    // The batch starts just before the window closes: its first host starts, the second must wait.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), closes.minusSeconds(8)).toMillis()));
    rollout.advance(new OperatorCommand("e2e", "canary fine"));
    RolloutProgress held = rollout.progress();
    while (!(held.heldBy() != null && held.inFlight() == 0) && Instant.now().isBefore(reopens.minusSeconds(5))) {
      Thread.sleep(500);
      held = rollout.progress();
    }
    assertThat(held.inFlight()).as("the host in flight at the close has ended: " + held).isZero();
    assertThat(held.heldBy()).isEqualTo("waiting for the window (opens "
        + reopens.atZone(ZoneOffset.UTC).getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT,
            java.util.Locale.ROOT) + " " + hhmm(reopens) + " UTC)");
    CliRun status = rollouts.cli("rollout", "status", id);
    assertThat(status.out()).as(status.toString()).contains("Held: waiting for the window (opens ");
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    List<Instant> quarantined = hosts.stream().map(h -> quarantinedAt(h.name())).sorted().toList();
    assertThat(quarantined).as("no host starts while the window is closed")
        .allSatisfy(t -> assertThat(t.isBefore(closes) || !t.isBefore(reopens)).as(t.toString()).isTrue());
    assertThat(quarantined.getFirst()).isBefore(closes);
    assertThat(quarantined.stream().filter(t -> !t.isBefore(reopens)).findFirst().orElseThrow())
        .as("the next host starts when it reopens").isBetween(reopens, reopens.plusSeconds(20));
    for (SimHost h : hosts) {
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name()).isEqualTo(1);
    }
    HistoryRecorder.save(temporal.client(), id);
  }

  @Test
  void aTeamFreezeAddedMidRolloutStopsNewHostsAtTheNextBoundaryAndItsRemovalLetsThemGo() throws Exception {
    List<SimHost> hosts = fleet.hosts(Os.LINUX).subList(3, 6);
    rollouts.startWorker();
    Path plan = rollouts.plan("frozen", "through-a-freeze", hosts, "{canary: 3, batches: [\"100%\"]}", 1, "reboot",
        "manual", RolloutFixture.GATES);
    String id = rollouts.start(plan);
    RolloutWorkflow rollout = rollouts.rollout(id);
    RolloutFixture.await(rollout, p -> p.inFlight() == 1);

    CliRun add = rollouts.cli("freeze", "add", "--to", "+2h", "--reason", "release weekend");
    assertThat(add.exitCode()).as(add.toString()).isZero();
    Matcher added = Pattern.compile("added (freeze-\\d+)").matcher(add.out());
    assertThat(added.find()).as(add.toString()).isTrue();
    RolloutProgress held = RolloutFixture.await(rollout, p -> p.heldBy() != null && p.inFlight() == 0);
    assertThat(held.heldBy()).startsWith("frozen until ").endsWith(": release weekend (team freeze " + added.group(1)
        + " by e2e)");
    Instant heard = firstSignal(id);
    Thread.sleep(15_000);
    CliRun list = rollouts.cli("freeze", "list");
    assertThat(list.out()).as(list.toString()).contains(added.group(1)).contains("release weekend").contains("(in force)");
    long startedWhileFrozen = hosts.stream().filter(h -> quarantinedAt(h.name()) != null
        && quarantinedAt(h.name()).isAfter(heard)).count();
    assertThat(startedWhileFrozen).as("no host starts after the rollout heard of the freeze").isZero();

    Instant removing = Instant.now();
    CliRun remove = rollouts.cli("freeze", "remove", added.group(1), "--reason", "released early");
    assertThat(remove.exitCode()).as(remove.toString()).isZero();
    RolloutResult result = rollouts.result(id);

    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    List<Instant> quarantined = hosts.stream().map(h -> quarantinedAt(h.name())).sorted().toList();
    assertThat(quarantined.get(0)).isBefore(heard);
    assertThat(quarantined.get(1)).as("the next host starts once the freeze is removed").isAfter(removing)
        .isBefore(removing.plusSeconds(20));
    for (SimHost h : hosts) {
      assertThat(fleet.counters(h.name()).overrideWrites()).as(h.name()).isEqualTo(1);
    }
    CliRun audit = rollouts.cli("freeze", "list", "--audit");
    assertThat(audit.out()).as(audit.toString()).contains("add " + added.group(1) + " by e2e")
        .contains("remove " + added.group(1) + " by e2e").contains("released early");
    HistoryRecorder.save(temporal.client(), id, FreezeWorkflow.ID);
  }

  /** When the Taskcluster stand-in first recorded a quarantine of the host's worker (null: never). */
  private Instant quarantinedAt(String host) {
    return fleet.taskcluster().worker(host).flatMap(w -> w.quarantineDetails().stream().findFirst())
        .map(d -> d.updatedAt()).orElse(null);
  }

  /** When the rollout received its first freezesChanged signal. */
  private static Instant firstSignal(String id) {
    for (HistoryEvent e : temporal.client().fetchHistory(id).getHistory().getEventsList()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
          && e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals(RolloutWorkflow.FREEZES_CHANGED)) {
        return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      }
    }
    throw new AssertionError("the rollout never heard of the freeze");
  }

  private static String hhmm(Instant t) {
    return LocalTime.ofInstant(t, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
  }
}
