package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.StagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Web UI's current details say an advance does: start the next stage, or end the rollout at the last. */
class RolloutDetailsTest {

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  private static final RolloutSpec SPEC = RolloutHarness.spec("x", RolloutHarness.hosts("a", "b"),
      RolloutHarness.policy(new StagePolicy(1, List.of("100%")), 1, AdvanceMode.MANUAL));
  private static final GateReport FAILING = new GateReport(T, List.of(
      new GateResult("success_rate_min", GateVerdict.FAIL, 0.5, 0.9, true, "0.50 < 0.90")));

  private static RolloutProgress waiting(int stage, int failed, GateReport gates, Instant autoAdvanceAt) {
    return new RolloutProgress(SPEC.id(), "x", "alice", RolloutHarness.SHA, "topic (x)",
        gates != null && !gates.passed() ? RolloutStatus.PAUSED_ON_GATE : RolloutStatus.WAITING_FOR_ASSESSMENT, stage,
        List.of(new StageProgress(0, "canary", 1, 1, 0, 0, 0), new StageProgress(1, "batch 1", 1, 0, failed, 0, 1 - failed)),
        2, 1, failed, 0, 1 - failed, 0, List.of(), List.of(), T, T, Duration.ofMinutes(20), 1, AdvanceMode.MANUAL, gates,
        autoAdvanceAt, null);
  }

  @Test
  void beforeTheLastStageAnAdvanceStartsTheNextStage() {
    String md = RolloutDetails.markdown(waiting(0, 0, null, null), SPEC);

    assertThat(md).contains("`fleetroll rollout advance " + SPEC.id() + "` starts batch 1.");
    assertThat(md).doesNotContain("ends the rollout");
  }

  @Test
  void atTheLastStageAnAdvanceEndsTheRolloutAndItsFailedHostsCanStillBeRetriedOrRolledBack() {
    String md = RolloutDetails.markdown(waiting(1, 1, null, null), SPEC);
    assertThat(md).contains("`fleetroll rollout advance " + SPEC.id() + "` ends the rollout.");
    assertThat(md).contains("The last stage waits because 1 host(s) failed: `fleetroll rollout retry " + SPEC.id()
        + " HOST` tries one again, `fleetroll rollout abort " + SPEC.id() + " --mode rollback --reason TEXT`");

    assertThat(RolloutDetails.markdown(waiting(1, 1, FAILING, null), SPEC))
        .contains("`fleetroll rollout advance " + SPEC.id() + " --force --reason TEXT` ends the rollout anyway.");
    assertThat(RolloutDetails.markdown(waiting(1, 1, null, T.plusSeconds(1800)), SPEC))
        .contains("Gates pass; the rollout ends by itself at 10:30 UTC if they hold.");
  }

  @Test
  void hostsHeldBackByTheirPoolSayWhichPoolAndWhy() {
    RolloutProgress p = waiting(0, 0, null, null);
    RolloutProgress held = new RolloutProgress(p.id(), p.name(), p.actor(), p.overrideSha(), p.overrideName(),
        RolloutStatus.RUNNING, 0, p.stages(), p.total(), p.succeeded(), p.failed(), 1, p.pending(), p.excluded(), p.hosts(),
        p.decisions(), p.startedAt(), null, p.eta(), 1, AdvanceMode.MANUAL, null, null, null, null,
        List.of("gecko-t-linux-talos-2404: 6/8 available, floor 75%: t-linux64-ms-003 waits"));

    assertThat(RolloutDetails.markdown(held, SPEC)).contains("Held back by pool capacity: gecko-t-linux-talos-2404: 6/8"
        + " available, floor 75%: t-linux64-ms-003 waits");
    assertThat(RolloutDetails.markdown(p, SPEC)).doesNotContain("Held back");
  }
}
