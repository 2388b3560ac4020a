package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.rollout.freeze.TeamFreezes;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.rollout.schedule.MaintenanceWindow;
import dev.fleetroll.rollout.schedule.PlanFreeze;
import dev.fleetroll.rollout.schedule.Schedule;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows and freezes (issue 15, item 1) on the time-skipping test server: held stages sleep, then resume. */
class RolloutWorkflowScheduleTest extends RolloutHarness {

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private static String hhmm(Instant t) {
    return LocalTime.ofInstant(t, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
  }

  private RolloutPolicy oneStage(int hosts, Schedule schedule) {
    return policy(new StagePolicy(hosts, List.of("100%")), 1, AdvanceMode.MANUAL).withSchedule(schedule);
  }

  @Test
  void aWindowThatClosesMidStageStartsNoHostUntilItOpensAgain() throws Exception {
    for (String h : List.of("a", "b", "c", "d")) {
      fleet.host(h).puppetAfterReboot = Duration.ofMinutes(1); // a host takes 4 minutes: a, b, c, then d
    }
    Instant start = now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    env.sleep(Duration.between(now(), start));
    // c starts at 8 minutes, before the close, and ends at 12; the window reopens at 13, before the gates' next
    // look at 15: only the hold's own timer can start d in time.
    Instant closes = start.plus(Duration.ofMinutes(11));
    Instant reopens = start.plus(Duration.ofMinutes(13));
    Schedule schedule = new Schedule(List.of(
        new MaintenanceWindow(null, hhmm(start.minus(Duration.ofHours(1))), hhmm(closes), "UTC"),
        new MaintenanceWindow(null, hhmm(reopens), hhmm(reopens.plus(Duration.ofHours(3))), "UTC")), List.of());
    RolloutSpec spec = spec("windowed", hosts("a", "b", "c", "d"), oneStage(4, schedule));
    RolloutWorkflow rollout = start(spec);

    // The host in flight when the window closes finishes; then nothing runs.
    env.sleep(Duration.between(now(), closes.plus(Duration.ofSeconds(90)))); // c has ended, d waits
    RolloutProgress held = rollout.progress();
    assertThat(held.inFlight()).isZero();
    assertThat(held.heldBy()).isEqualTo("waiting for the window (opens " + java.time.format.DateTimeFormatter
        .ofPattern("EEE", java.util.Locale.ROOT).format(reopens.atZone(ZoneOffset.UTC)) + " " + hhmm(reopens) + " UTC)");
    Instant asleep = now();
    int startedBeforeClose = held.hosts().stream().mapToInt(h -> h.startedAt() != null ? 1 : 0).sum();
    assertThat(startedBeforeClose).isEqualTo(3);
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    List<Instant> starts = result.hosts().stream().map(HostRecord::startedAt).sorted().toList();
    assertThat(starts).allSatisfy(t -> assertThat(t.isBefore(closes) || !t.isBefore(reopens)).as(t.toString()).isTrue());
    assertThat(starts.get(startedBeforeClose)).as("the first host after the gap starts as the window opens")
        .isBetween(reopens, reopens.plusSeconds(5));
    // Asleep on one timer until the window reopens: no gate looks, no polling, not one event.
    assertThat(history(spec.id()).stream().map(RolloutHarness::instant)
        .filter(t -> t.isAfter(asleep) && t.isBefore(reopens))).isEmpty();
    assertThat(history(spec.id()).stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED
        && instant(e).isBefore(asleep)).count()).as("two gate looks, the timer of the next, and the one wake-up timer").isEqualTo(4);
    save(spec.id(), "rollout-window-closed-mid-stage.json");
    replays(spec.id());
  }

  @Test
  void aTeamFreezeHoldsNewHostsFromTheNextBoundaryAndItsRemovalLetsThemGo() throws Exception {
    RolloutSpec spec = spec("frozen", hosts("a", "b", "c"), oneStage(3, Schedule.NONE));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.inFlight() == 1);
    Instant added = now();
    Freeze freeze = new Freeze("freeze-1", added, added.plus(Duration.ofDays(2)), "release weekend", "bob", added);
    rollout.freezesChanged(new TeamFreezes(1, List.of(freeze)));

    RolloutProgress held = awaitProgress(rollout, p -> p.inFlight() == 0);
    assertThat(held.heldBy()).startsWith("frozen until ").endsWith(": release weekend (team freeze freeze-1 by bob)");
    assertThat(held.succeeded()).isEqualTo(1);
    env.sleep(Duration.ofHours(3));
    assertThat(rollout.progress().hosts()).filteredOn(h -> h.startedAt() != null).hasSize(1);
    rollout.freezesChanged(new TeamFreezes(0, List.of())); // an older book, late: ignored
    env.sleep(Duration.ofMinutes(5));
    assertThat(rollout.progress().heldBy()).startsWith("frozen until ");

    Instant removed = now();
    rollout.freezesChanged(new TeamFreezes(2, List.of()));
    RolloutResult result = result(rollout);
    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.hosts().stream().map(HostRecord::startedAt).sorted().toList().get(1))
        .isBetween(removed, removed.plusSeconds(5));
    save(spec.id(), "rollout-team-freeze-added-removed.json");
  }

  @Test
  void aForcedAdvanceStartsAHeldStageWithItsReasonRecorded() throws Exception {
    Instant now = now();
    Schedule schedule = new Schedule(List.of(), List.of(new PlanFreeze(now.minusSeconds(60).toString(),
        now.plus(Duration.ofDays(1)).toString(), "change freeze")));
    RolloutSpec spec = spec("forced", hosts("a", "b"), oneStage(2, schedule));
    RolloutWorkflow rollout = start(spec);
    RolloutProgress held = awaitProgress(rollout, p -> p.heldBy() != null);
    assertThat(held.heldBy()).endsWith(": change freeze");

    assertThatThrownBy(() -> rollout.advance(new OperatorCommand("alice", "go")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("is frozen until").hasMessageContaining("advance --force --reason TEXT");
    assertThatThrownBy(() -> rollout.advance(OperatorCommand.advance("alice", " ", true, null)))
        .rootCause().hasMessageContaining("needs a reason");
    rollout.advance(OperatorCommand.advance("alice", "security fix cannot wait", true, null));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.last().decisions()).filteredOn(d -> d.kind().equals("advance")).singleElement()
        .satisfies(d -> {
          assertThat(d.reason()).isEqualTo("security fix cannot wait");
          assertThat(d.parameters()).containsEntry("force", "true");
        });
    save(spec.id(), "rollout-frozen-forced.json");
  }

  /** Keeps the history for ReplayTest (copied by hand into src/test/resources/histories when a version is new). */
  private void save(String workflowId, String name) throws Exception {
    Path dir = Path.of("target/recorded-histories");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), client.fetchHistory(workflowId).toJson(true));
  }
}
