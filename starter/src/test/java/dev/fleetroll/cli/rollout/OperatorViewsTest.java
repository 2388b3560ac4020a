package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.Style;
import dev.fleetroll.rollout.AbortMode;
import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.StageProgress;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.store.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What operators read: the gates and pause in {@code rollout status}, {@code rollout history}, command parsing. */
class OperatorViewsTest {

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  private static final GateReport FAILING = new GateReport(T, List.of(
      new GateResult("success_rate_min", GateVerdict.FAIL, 0.5, 0.9, true, "0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)"),
      new GateResult("min_jobs_per_host", GateVerdict.PASS, 2.0, 1.0, false, "2 >= 1 (fewest completed tasks on one of 2 hosts)")));

  private static RolloutProgress progress(RolloutStatus status, String pausedBy, List<Decision> decisions) {
    HostRecord h = new HostRecord(new HostTarget("h1", HostPlatform.LINUX, "r"), 0, HostStatus.SKIPPED, 0, null, 0,
        "skipped by bob: disk", null);
    return new RolloutProgress("rollout-x-20261123-0900", "x", "alice", "5f1e9c3a7b2d4e6f8a0b", "topic (x)", status, 0,
        List.of(new StageProgress(0, "canary", 1, 0, 0, 0, 0), new StageProgress(1, "batch 1", 1, 0, 0, 0, 1)), 2, 0, 0,
        0, 1, 0, List.of(h), decisions, T, T, Duration.ofMinutes(20), 2, AdvanceMode.MANUAL, FAILING, null, pausedBy);
  }

  @Test
  void statusShowsEachGateWithItsNumbersAndThePause() {
    String onGate = new StatusView(new Style(false)).status(progress(RolloutStatus.PAUSED_ON_GATE, null, List.of()), Map.of(),
        T.plusSeconds(600));

    assertThat(onGate).contains("Paused on a failing gate since 10m: 'fleetroll rollout advance rollout-x-20261123-0900"
        + " --force --reason TEXT'");
    assertThat(onGate).contains("Gates    FAIL");
    assertThat(onGate).containsPattern("✗ success_rate_min +fail +0.50 vs 0.90 +0.50 < 0.90 \\(2 of 4 tasks");
    assertThat(onGate).containsPattern("✓ min_jobs_per_host +pass +2 vs 1");
    assertThat(onGate).contains("skipped by bob: disk");

    String paused = new StatusView(new Style(false)).status(progress(RolloutStatus.PAUSED, "bob", List.of()), Map.of(), T);
    assertThat(paused).contains("Paused by bob: no new host starts; 'fleetroll rollout resume rollout-x-20261123-0900'");
  }

  @Test
  void atTheLastStageStatusSaysAnAdvanceEndsTheRolloutAndHowToRetryOrRollBackItsFailedHosts() {
    RolloutProgress first = progress(RolloutStatus.WAITING_FOR_ASSESSMENT, null, List.of());
    RolloutProgress last = new RolloutProgress(first.id(), first.name(), first.actor(), first.overrideSha(),
        first.overrideName(), RolloutStatus.WAITING_FOR_ASSESSMENT, 1, first.stages(), 2, 0, 1, 0, 0, 0, first.hosts(),
        List.of(), T, T, null, 2, AdvanceMode.MANUAL, null, null, null);
    StatusView view = new StatusView(new Style(false));

    assertThat(view.status(first, Map.of(), T)).contains("'fleetroll rollout advance rollout-x-20261123-0900' starts the"
        + " next stage.").doesNotContain("The last stage waits");
    assertThat(view.status(last, Map.of(), T)).contains("'fleetroll rollout advance rollout-x-20261123-0900' ends the"
        + " rollout.").contains("The last stage waits because 1 host(s) failed: 'fleetroll rollout retry"
        + " rollout-x-20261123-0900 HOST' tries one again, 'fleetroll rollout abort rollout-x-20261123-0900 --mode rollback");
  }

  @Test
  void historyMergesTheWorkflowsDecisionsWithTheAuditLogInTimeOrder() {
    Decision gates = new Decision("gates", Decision.ROLLOUT_ACTOR, T, "stage canary ended: gates fail", "canary", Map.of(),
        FAILING);
    Decision force = new Decision("advance", "bob", T.plusSeconds(60), "known flake", "canary",
        Map.of("force", "true"), FAILING);
    AuditLog.Entry start = new AuditLog.Entry(1, T.minusSeconds(3600), "alice", "rollout.start", List.of("h1"),
        Map.of("rollout", "rollout-x-20261123-0900", "sha256", "5f1e"), Map.of("excluded", 0));

    List<HistoryView.Entry> entries = HistoryView.merge(List.of(gates, force), List.of(start));
    String table = HistoryView.table("rollout-x-20261123-0900", progress(RolloutStatus.RUNNING, null, List.of()), entries);

    assertThat(entries).extracting(HistoryView.Entry::what).containsExactly("start", "gates", "advance");
    assertThat(entries.getLast().parameters()).containsEntry("force", "true");
    assertThat(table).containsPattern("2026-11-23 10:01:00 +workflow +bob +advance +canary +force=true"
        + " +fail: success_rate_min +known flake");
    assertThat(table).containsPattern("2026-11-23 09:00:00 +audit +alice +start +host=h1 sha256=5f1e excluded=0");
  }

  @Test
  void historyNamesTheHostOfAnOverrideWrittenByTheRollout() {
    AuditLog.Entry write = new AuditLog.Entry(3, T, "alice", "rollout.write_override",
        List.of("t-linux64-ms-003.test.releng.mdc1.mozilla.com"), Map.of("rollout", "r", "sha256", "5f1e"),
        Map.of("path", "/etc/puppet/ronin_settings"));

    HistoryView.Entry entry = HistoryView.merge(List.of(), List.of(write)).getFirst();

    assertThat(entry.what()).isEqualTo("write_override");
    assertThat(entry.parameters().keySet()).containsExactly("host", "sha256", "path");
    assertThat(entry.parameters()).containsEntry("host", "t-linux64-ms-003.test.releng.mdc1.mozilla.com");
  }

  @Test
  void historyColumnsLineUpWhateverTheActorsAndParametersAre() {
    Decision pause = new Decision("pause", "release-operations-oncall@mozilla.example", T, "tree closed", "canary",
        Map.of(), FAILING);
    AuditLog.Entry write = new AuditLog.Entry(2, T.minusSeconds(60), "bob", "rollout.start", List.of("h1"),
        Map.of("sha256", "8bd916bda9a8445fd461e35a077b2c34dcc9be3831f9f16c1f854c7bb9c47fb9"), Map.of());

    String table = HistoryView.table("r", progress(RolloutStatus.PAUSED, "x", List.of()),
        HistoryView.merge(List.of(pause), List.of(write)));

    List<String> lines = table.lines().skip(2).toList();
    assertThat(lines).hasSize(3);
    int what = lines.get(0).indexOf("WHAT");
    int why = lines.get(0).indexOf("WHY");
    assertThat(lines.get(1).indexOf("start")).isEqualTo(what);
    assertThat(lines.get(2).indexOf("pause")).isEqualTo(what);
    assertThat(lines.get(2).indexOf("tree closed")).isEqualTo(why);
    assertThat(lines.get(1)).contains("host=h1 sha256=8bd916bda9a8445fd461e35a077b2c34dcc9be3831f9…")
        .doesNotContain("c47fb9");
  }

  @Test
  void aRefusalPrintsTheValidatorsOwnLine() {
    var e = new io.temporal.client.WorkflowUpdateException(io.temporal.api.common.v1.WorkflowExecution.getDefaultInstance(),
        "u1", "advance", io.temporal.failure.ApplicationFailure.newFailure("a forced advance needs a reason (--reason TEXT)",
            "java.lang.IllegalArgumentException"));

    assertThat(dev.fleetroll.cli.UpdateRefusal.reason(e)).isEqualTo("a forced advance needs a reason (--reason TEXT)");
  }

  @Test
  void commandsParseTheirOptions() {
    RolloutAbortCommand abort = new RolloutAbortCommand();
    new CommandLine(abort).parseArgs("r1", "--mode", "rollback", "--reason", "breaks talos");
    RolloutAdvanceCommand advance = new RolloutAdvanceCommand();
    new CommandLine(advance).parseArgs("r1", "--force", "--batch-size", "3", "--reason", "flake");
    RolloutSkipCommand skip = new RolloutSkipCommand();
    new CommandLine(skip).parseArgs("r1", "h7", "--reason", "disk");

    RolloutProgress now = progress(RolloutStatus.RUNNING, null, List.of());
    assertThat(abort.command("bob", now)).isEqualTo(OperatorCommand.abort("bob", "breaks talos", AbortMode.ROLLBACK));
    assertThat(advance.command("bob", now)).isEqualTo(OperatorCommand.advance("bob", "flake", true, 3));
    assertThat(skip.command("bob", now)).isEqualTo(OperatorCommand.host("bob", "disk", "h7"));
    RolloutAbortCommand byDefault = new RolloutAbortCommand();
    new CommandLine(byDefault).parseArgs("r1", "--reason", "x");
    assertThat(byDefault.mode).isEqualTo(AbortMode.SAFE_STOP);
  }

  @Test
  void aHostIsNamedInAnySpelling() {
    String domain = "test.releng.mdc1.mozilla.com";
    List<HostRecord> hosts = List.of(record("t-linux64-ms-002.test.releng.mdc1.mozilla.com"),
        record("t-linux64-ms-003.test.releng.mdc1.mozilla.com"), record("dup.a.example"), record("dup.b.example"),
        record("macmini-r8-001.other.example"), record("root@T-LINUX64-MS-009.test.releng.mdc1.mozilla.com"));

    assertThat(HostCommandBase.resolve("t-linux64-ms-002", hosts, domain))
        .isEqualTo("t-linux64-ms-002.test.releng.mdc1.mozilla.com");
    assertThat(HostCommandBase.resolve("T-Linux64-MS-003.test.releng.mdc1.mozilla.com", hosts, domain))
        .isEqualTo("t-linux64-ms-003.test.releng.mdc1.mozilla.com");
    assertThat(HostCommandBase.resolve("macmini-r8-001", hosts, domain)).as("a host outside the fleet's domain")
        .isEqualTo("macmini-r8-001.other.example");
    assertThat(HostCommandBase.resolve("t-linux64-ms-009", hosts, domain)).as("a rollout started before canonical names")
        .isEqualTo("root@T-LINUX64-MS-009.test.releng.mdc1.mozilla.com");
    assertThatThrownBy(() -> HostCommandBase.resolve("dup", hosts, domain)).isInstanceOf(InputException.class)
        .hasMessage("dup is the short name of dup.a.example and dup.b.example: give the full name");
    assertThatThrownBy(() -> HostCommandBase.resolve("root@t-linux64-ms-002", hosts, domain))
        .isInstanceOf(InputException.class).hasMessageStartingWith("'root@t-linux64-ms-002': name the host without 'root@'");
    assertThat(HostCommandBase.resolve("t-linux64-ms-00", hosts, domain)).as("a prefix is not a short name: the"
        + " workflow refuses it by the name typed").isEqualTo("t-linux64-ms-00");
  }

  private static HostRecord record(String host) {
    return new HostRecord(new HostTarget(host, HostPlatform.LINUX, "r"), 0, HostStatus.PENDING, 0, null, 0, null, null);
  }
}
