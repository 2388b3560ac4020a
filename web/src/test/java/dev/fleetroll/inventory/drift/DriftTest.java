package dev.fleetroll.inventory.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.Sha;
import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.host.FileFacts;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.RowBuilder;
import dev.fleetroll.ssh.HostUnreachableException;
import dev.fleetroll.store.HostChange;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of drift from states built by hand, and the PP_* and NOTE cells the same states give. */
class DriftTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final String REPO = "https://github.com/relops/ronin_puppet.git";
  private static final String OVERRIDE = "PUPPET_REPO='" + REPO + "'\nPUPPET_BRANCH='topic'\n";
  private static final String SHA = Sha.sha256(OVERRIDE.getBytes(StandardCharsets.UTF_8));
  private static final BranchRef TOPIC = new BranchRef("relops", "ronin_puppet", "topic");
  private static final String HEAD = "a".repeat(40);
  private static final String OLD = "b".repeat(40);
  private static final Drift DRIFT = new Drift(Drift.Settings.defaults());
  private static final Drift.History NO_HISTORY = new Drift.History() {
    @Override
    public List<HostObservation> observations(String host) {
      return List.of();
    }

    @Override
    public List<WorkerSnapshot> workers(String host) {
      return List.of();
    }
  };

  private static HostAudit audit(String host, boolean override, Instant written, String gitSha, Boolean success, Instant ran) {
    FileFacts ovr = override ? new FileFacts(true, "644", "root", "root", 10L, written.getEpochSecond(), SHA) : FileFacts.ABSENT;
    PuppetState p = new PuppetState("metadata", ran, success, 0, 10.0, "r", REPO, "topic", gitSha, false,
        override ? SHA : null, null);
    return new HostAudit(host, NOW.minusSeconds(60), "Linux", HostOs.LINUX, 7200L, "gecko_t_linux_talos", ovr,
        override ? OVERRIDE : null, FileFacts.ABSENT, p);
  }

  private static HostState state(HostAudit a, WorkerSnapshot w, HostChange change) {
    HostObservation o = HostObservation.ok(a, 1);
    return new HostState(a.host(), new Store.HostHistory(o, o), w, change, List.of());
  }

  private static FleetState snapshot(HostState... hosts) {
    return new FleetState(NOW, List.of(hosts), Map.of(TOPIC, new BranchHead("relops", "ronin_puppet", "topic",
        NOW.minusSeconds(30), "ok", HEAD, NOW.minusSeconds(600), false, "W/\"x\"", null, null)));
  }

  private static List<DriftFinding> detect(RolloutStates rollouts, Map<String, Drift.RolloutWrite> writes, HostState... hosts) {
    return DRIFT.detect(snapshot(hosts), rollouts, writes, NO_HISTORY);
  }

  @Test
  void anOverrideNoRolloutWroteIsDriftAndOneItsRolloutWroteIsNot() {
    Instant written = NOW.minusSeconds(3600);
    HostState byHand = state(audit("h1", true, written, HEAD, true, NOW.minusSeconds(60)), null, null);
    HostState byRollout = state(audit("h2", true, written, HEAD, true, NOW.minusSeconds(60)), null,
        new HostChange("h2", written, "rollout.write_override", SHA));
    Map<String, Drift.RolloutWrite> writes = Map.of("h2", new Drift.RolloutWrite("h2", "rollout-x", SHA, false, written));
    RolloutStates finished = new RolloutStates(true, Map.of("rollout-x", new RolloutStates.Run("rollout-x", false, "succeeded", NOW)));

    List<DriftFinding> found = detect(finished, writes, byHand, byRollout);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.host()).isEqualTo("h1");
      assertThat(f.type()).isEqualTo(DriftType.OVERRIDE);
      assertThat(f.since()).isEqualTo(written);
      assertThat(f.detail()).contains("written outside Fleetroll");
    });
  }

  @Test
  void anOverrideThatDiffersFromWhatItsRolloutWroteIsDrift() {
    Instant written = NOW.minusSeconds(3600);
    HostState h = state(audit("h1", true, written, HEAD, true, NOW.minusSeconds(60)), null,
        new HostChange("h1", written, "rollout.write_override", "c".repeat(64)));
    Map<String, Drift.RolloutWrite> writes = Map.of("h1", new Drift.RolloutWrite("h1", "rollout-x", "c".repeat(64), false, written));

    assertThat(detect(RolloutStates.UNKNOWN, writes, h)).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("differs from cccccccccccc that rollout rollout-x wrote"));
  }

  @Test
  void anOverrideOlderThanTheMaximumAgeLingers() {
    Instant written = NOW.minus(Duration.ofDays(20));
    HostState h = state(audit("h1", true, written, HEAD, true, NOW.minusSeconds(60)), null,
        new HostChange("h1", written, "rollout.write_override", SHA));
    Map<String, Drift.RolloutWrite> writes = Map.of("h1", new Drift.RolloutWrite("h1", "rollout-x", SHA, false, written));

    assertThat(detect(RolloutStates.UNKNOWN, writes, h)).extracting(DriftFinding::type, DriftFinding::since)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DriftType.LINGERING, written.plus(Duration.ofDays(14))));
  }

  @Test
  void puppetFailingOrIdleAndAnOldCommitOfTheBranch() {
    HostState failing = state(audit("h1", false, null, null, false, NOW.minusSeconds(300)), null, null);
    HostState idle = state(audit("h2", false, null, null, true, NOW.minus(Duration.ofHours(30))), null, null);
    HostState behind = state(audit("h3", true, NOW.minusSeconds(60), OLD, true, NOW.minusSeconds(60)), null,
        new HostChange("h3", NOW.minusSeconds(60), "rollout.write_override", SHA));
    Map<String, Drift.RolloutWrite> writes = Map.of("h3", new Drift.RolloutWrite("h3", "r", SHA, false, NOW.minusSeconds(60)));

    List<DriftFinding> found = detect(RolloutStates.UNKNOWN, writes, failing, idle, behind);

    assertThat(found).extracting(DriftFinding::host, DriftFinding::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("h1", DriftType.PUPPET), org.assertj.core.groups.Tuple.tuple("h2", DriftType.PUPPET),
        org.assertj.core.groups.Tuple.tuple("h3", DriftType.BEHIND));
    assertThat(found.get(2).since()).as("since the head moved").isEqualTo(NOW.minusSeconds(600));
    assertThat(found.get(2).detail()).contains("runs bbbbbbb", "relops/ronin_puppet:topic is at aaaaaaa");

    MonitorRow row = new RowBuilder(NOW, Duration.ofHours(1), snapshot().heads()).build(behind);
    assertThat(row.cell(Column.PP_EXP).text()).isEqualTo("aaaaaaa");
    assertThat(row.cell(Column.PP_SHA).text()).isEqualTo("bbbbbbb");
    assertThat(row.cell(Column.PP_MATCH).text()).isEqualTo("N");
  }

  @Test
  void unreachableForOverAnHourSinceTheFirstFailureInARow() {
    HostAudit a = audit("h1", false, null, HEAD, true, NOW.minusSeconds(9000));
    HostObservation ok = HostObservation.ok(a, 1);
    HostObservation down1 = HostObservation.failed("h1", NOW.minusSeconds(5400), new HostUnreachableException("h1", "refused"), 3);
    HostObservation down2 = HostObservation.failed("h1", NOW.minusSeconds(60), new HostUnreachableException("h1", "refused"), 3);
    HostState h = new HostState("h1", new Store.HostHistory(down2, ok), null, null,
        List.of(new Note("h1", NOW, "alice", false, "PDU swap"), new Note("h1", NOW, "bob", false, "back tomorrow")));
    Drift.History history = new Drift.History() {
      @Override
      public List<HostObservation> observations(String host) {
        return List.of(down2, down1, ok);
      }

      @Override
      public List<WorkerSnapshot> workers(String host) {
        return List.of();
      }
    };

    List<DriftFinding> found = DRIFT.detect(snapshot(h), RolloutStates.UNKNOWN, Map.of(), history);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.type()).isEqualTo(DriftType.UNREACHABLE);
      assertThat(f.since()).isEqualTo(NOW.minusSeconds(5400));
    });
    assertThat(new RowBuilder(NOW, Duration.ofHours(1)).build(h).cell(Column.NOTE).text()).isEqualTo("(2) back tomorrow");
  }

  @Test
  void aWorkerUnknownToTaskclusterAndAQuarantineOfARolloutThatEnded() {
    HostAudit a = audit("h1", false, null, HEAD, true, NOW.minusSeconds(60));
    WorkerSnapshot missing = WorkerSnapshot.failed("h1", NOW.minusSeconds(30), "not_found", "404", "releng-hardware/x", "h1");
    WorkerSnapshot quarantined = new WorkerSnapshot("h2", NOW.minusSeconds(30), "ok", null, "releng-hardware/x", "mdc1", "h2",
        true, NOW.plus(Duration.ofDays(3650)), "fleetroll rollout rollout-y by alice: quarantine before the change", List.of(),
        NOW.minusSeconds(3600), List.of());
    WorkerSnapshot heldByRunning = new WorkerSnapshot("h3", NOW.minusSeconds(30), "ok", null, "releng-hardware/x", "mdc1", "h3",
        true, NOW.plus(Duration.ofDays(3650)), "fleetroll rollout rollout-z by alice: quarantine before the change", List.of(),
        NOW.minusSeconds(60), List.of());
    RolloutStates rollouts = new RolloutStates(true, Map.of(
        "rollout-y", new RolloutStates.Run("rollout-y", false, "aborted", NOW.minusSeconds(7200)),
        "rollout-z", new RolloutStates.Run("rollout-z", true, "running", null)));

    List<DriftFinding> found = detect(rollouts, Map.of(), state(a, missing, null),
        state(audit("h2", false, null, HEAD, true, NOW.minusSeconds(60)), quarantined, null),
        state(audit("h3", false, null, HEAD, true, NOW.minusSeconds(60)), heldByRunning, null));

    assertThat(found).extracting(DriftFinding::host, DriftFinding::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("h1", DriftType.TC_MISSING), org.assertj.core.groups.Tuple.tuple("h2", DriftType.QUARANTINE));
    assertThat(found.get(1).since()).isEqualTo(NOW.minusSeconds(7200));
    assertThat(found.get(1).detail()).contains("rollout-y", "aborted");
  }
}
