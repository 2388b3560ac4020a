package dev.fleetroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSeriesTest {

  private static final Instant T0 = Instant.parse("2026-12-06T04:31:39Z");

  private static GateReport report(Instant at, GateResult... results) {
    return new GateReport(at, List.of(results));
  }

  private static GateResult rate(GateVerdict verdict, Double value) {
    return new GateResult("success_rate_min", verdict, value, 0.9, verdict == GateVerdict.FAIL, "detail");
  }

  @Test
  void onePointPerRecordedReportOldestFirstTheLatestLast() {
    GateReport canary = report(T0, rate(GateVerdict.PASS, 1.0),
        new GateResult("max_failed_hosts.change", GateVerdict.PASS, 0.0, 0.0, false, "d"));
    GateReport failing = report(T0.plusSeconds(300), rate(GateVerdict.FAIL, 0.5));
    GateReport latest = report(T0.plusSeconds(600), rate(GateVerdict.NO_DATA, null));
    List<Decision> decisions = List.of(
        // The operator's advance was judged against the canary's report: the same point, not a second one.
        new Decision("advance", "relops", T0.plusSeconds(12), "ok", "canary", Map.of(), canary),
        new Decision("gates", Decision.ROLLOUT_ACTOR, T0, "stage canary ended: gates pass", "canary", Map.of(), canary),
        new Decision("gates", Decision.ROLLOUT_ACTOR, T0.plusSeconds(300), "fail", "batch 1", Map.of(), failing),
        new Decision("pause", "relops", T0.plusSeconds(100), "lunch", "batch 1", Map.of(), null));
    RolloutProgress p = new RolloutProgress("r", "n", "a", "0".repeat(64), "o", RolloutStatus.PAUSED_ON_GATE, 1, List.of(),
        0, 0, 0, 0, 0, 0, List.of(), decisions, T0, null, null, 1, null, latest, null, null);

    GateSeries s = GateSeries.of(p);

    assertThat(s.times()).containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(600));
    GateSeries.Gate rate = s.gates().getFirst();
    assertThat(rate.name()).isEqualTo("success_rate_min");
    assertThat(rate.values()).containsExactly(1.0, 0.5, null);
    assertThat(rate.thresholds()).containsExactly(0.9, 0.9, 0.9);
    assertThat(rate.verdicts()).containsExactly("pass", "fail", "no-data");
    GateSeries.Gate change = s.gates().get(1);
    assertThat(change.values()).as("judged in the first report only").isEqualTo(Arrays.asList(0.0, null, null));
    assertThat(change.latestVerdict()).isEqualTo("pass");

    Plot plot = Plot.gate(s, rate);
    assertThat(plot.x()).containsExactly(T0.getEpochSecond(), T0.getEpochSecond() + 300, T0.getEpochSecond() + 600);
    assertThat(plot.series().get(2).values()).as("the failing report marked").isEqualTo(Arrays.asList(null, 0.5, null));
  }
}
