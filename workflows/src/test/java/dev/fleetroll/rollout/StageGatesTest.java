package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which gates pause a stage while it runs. */
class StageGatesTest {

  private static GateResult result(String gate, GateVerdict verdict) {
    return new GateResult(gate, verdict, null, null, verdict != GateVerdict.PASS, gate + " " + verdict.code());
  }

  private static List<String> pausing(Set<String> accepted, GateResult... results) {
    GateReport report = new GateReport(Instant.EPOCH, Arrays.asList(results));
    return StageGates.failingWhileRunning(report, accepted).stream().map(GateResult::gate).toList();
  }

  @Test
  void aFailingSuccessRatePausesOnceEnoughTasksRan() {
    assertThat(pausing(Set.of(), result(GateEvaluator.MIN_JOBS_TOTAL, GateVerdict.PASS),
        result(GateEvaluator.SUCCESS_RATE_MIN, GateVerdict.FAIL), result(GateEvaluator.SUCCESS_RATE_DROP_MAX, GateVerdict.FAIL)))
        .containsExactly(GateEvaluator.SUCCESS_RATE_MIN, GateEvaluator.SUCCESS_RATE_DROP_MAX);
  }

  @Test
  void tooFewTasksAreNoRateButOfflineOrUnreachableWorkersStillCount() {
    assertThat(pausing(Set.of(), result(GateEvaluator.MIN_JOBS_TOTAL, GateVerdict.FAIL),
        result(GateEvaluator.SUCCESS_RATE_MIN, GateVerdict.FAIL), result(GateEvaluator.ONLINE_DROP_MAX_PCT, GateVerdict.FAIL),
        result(GateEvaluator.SSHABLE_MIN_PCT, GateVerdict.FAIL)))
        .containsExactly(GateEvaluator.ONLINE_DROP_MAX_PCT, GateEvaluator.SSHABLE_MIN_PCT);
  }

  @Test
  void workloadGatesMissingDataAndAcceptedGatesNeverPauseARunningStage() {
    assertThat(pausing(Set.of(), result(GateEvaluator.MIN_JOBS_PER_HOST, GateVerdict.FAIL),
        result(GateEvaluator.MIN_HOSTS_WITH_JOBS_FRACTION, GateVerdict.FAIL),
        result(GateEvaluator.SUCCESS_RATE_MIN, GateVerdict.NO_DATA))).isEmpty();
    assertThat(pausing(Set.of(GateEvaluator.SUCCESS_RATE_MIN), result(GateEvaluator.SUCCESS_RATE_MIN, GateVerdict.FAIL),
        result(GateEvaluator.SSHABLE_MIN_PCT, GateVerdict.FAIL))).containsExactly(GateEvaluator.SSHABLE_MIN_PCT);
  }
}
