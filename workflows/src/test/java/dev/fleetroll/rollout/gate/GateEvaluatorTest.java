package dev.fleetroll.rollout.gate;

import static dev.fleetroll.rollout.gate.GateEvaluator.MAX_FAILED_CHANGE;
import static dev.fleetroll.rollout.gate.GateEvaluator.MAX_FAILED_INFRASTRUCTURE;
import static dev.fleetroll.rollout.gate.GateEvaluator.MIN_HOSTS_WITH_JOBS_FRACTION;
import static dev.fleetroll.rollout.gate.GateEvaluator.MIN_JOBS_PER_HOST;
import static dev.fleetroll.rollout.gate.GateEvaluator.MIN_JOBS_TOTAL;
import static dev.fleetroll.rollout.gate.GateEvaluator.ONLINE_DROP_MAX_PCT;
import static dev.fleetroll.rollout.gate.GateEvaluator.SSHABLE_MIN_PCT;
import static dev.fleetroll.rollout.gate.GateEvaluator.SUCCESS_RATE_DROP_MAX;
import static dev.fleetroll.rollout.gate.GateEvaluator.SUCCESS_RATE_MIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Instant WINDOW_START = NOW.minus(Duration.ofHours(6));
  private static final String POOL = "releng-hardware/gecko-t-linux-talos-1804";

  /** Every gate on, with round numbers the tests can reason about. */
  private static final GatePolicy POLICY = new GatePolicy(2, 6, 0.75, 0.9, 0.1, 10.0, 100.0,
      new FailedHostsLimit(1, 0), Duration.ofHours(6), Duration.ofMinutes(30));

  private static int seq;

  /** A rolled-out host: active a minute ago, answered SSH. */
  private static WorkerEvidence rolled(int completed, int failed, int exception) {
    return new WorkerEvidence("t-linux64-ms-" + (++seq), POOL, true, NOW.minusSeconds(60), completed, failed,
        exception, true);
  }

  /** A baseline host: active a minute ago, not checked over SSH. */
  private static WorkerEvidence base(int completed, int failed, int exception) {
    return new WorkerEvidence("t-linux64-ms-" + (++seq), POOL, true, NOW.minusSeconds(60), completed, failed,
        exception, null);
  }

  private static WorkerEvidence inactive(WorkerEvidence w) {
    return new WorkerEvidence(w.host(), w.workerPool(), w.known(), NOW.minus(Duration.ofMinutes(61)), w.completed(),
        w.failed(), w.exception(), w.sshable());
  }

  private static WorkerEvidence unknown(Boolean sshable) {
    return new WorkerEvidence("t-linux64-ms-" + (++seq), POOL, false, null, 0, 0, 0, sshable);
  }

  private static WorkerEvidence unreachable(WorkerEvidence w) {
    return new WorkerEvidence(w.host(), w.workerPool(), w.known(), w.lastActive(), w.completed(), w.failed(),
        w.exception(), false);
  }

  private static GateEvidence evidence(List<WorkerEvidence> rolledOut, List<WorkerEvidence> baseline) {
    return new GateEvidence(WINDOW_START, NOW, rolledOut, baseline, 0, 0, null);
  }

  /** A healthy stage: 4 rolled-out hosts with 3 completed tasks each, 4 healthy baseline hosts. */
  private static GateEvidence healthy() {
    return evidence(List.of(rolled(3, 0, 0), rolled(3, 0, 0), rolled(3, 0, 0), rolled(3, 0, 0)),
        List.of(base(3, 0, 0), base(3, 0, 0), base(3, 0, 0), base(3, 0, 0)));
  }

  private static GateResult gate(GateReport report, String name) {
    return report.results().stream().filter(r -> r.gate().equals(name)).findFirst().orElseThrow();
  }

  private static GateResult evaluate(GateEvidence evidence, String name) {
    return gate(GateEvaluator.evaluate(POLICY, evidence), name);
  }

  @Test
  void healthyStagePassesEveryGateInThePlansOrder() {
    GateReport report = GateEvaluator.evaluate(POLICY, healthy());

    assertThat(report.at()).isEqualTo(NOW);
    assertThat(report.results()).extracting(GateResult::gate).containsExactly(MIN_JOBS_PER_HOST, MIN_JOBS_TOTAL,
        MIN_HOSTS_WITH_JOBS_FRACTION, SUCCESS_RATE_MIN, SUCCESS_RATE_DROP_MAX, ONLINE_DROP_MAX_PCT, SSHABLE_MIN_PCT,
        MAX_FAILED_INFRASTRUCTURE, MAX_FAILED_CHANGE);
    assertThat(report.results()).allSatisfy(r -> {
      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.blocking()).isFalse();
    });
    assertThat(report.passed()).isTrue();
  }

  @Test
  void defaultPolicyHasEveryGateAndPassesAHealthyStage() {
    GateReport report = GateEvaluator.evaluate(GatePolicy.DEFAULT.withDefaults(), healthy());

    assertThat(report.results()).hasSize(9);
    assertThat(report.passed()).isTrue();
  }

  @Test
  void aNullThresholdDisablesItsGate() {
    GatePolicy onlySuccess = new GatePolicy(null, null, null, 0.9, null, null, null, null, null, null);

    GateReport report = GateEvaluator.evaluate(onlySuccess, healthy());

    assertThat(report.results()).extracting(GateResult::gate).containsExactly(SUCCESS_RATE_MIN);
  }

  @Test
  void taskclusterErrorMakesEveryTaskclusterGateNoDataAndBlocking() {
    GateEvidence e = healthy();
    GateEvidence broken = new GateEvidence(e.windowStart(), e.collectedAt(), e.rolledOut(), e.baseline(), 0, 0,
        "queue answered 503 three times");

    GateReport report = GateEvaluator.evaluate(POLICY, broken);

    assertThat(report.passed()).isFalse();
    assertThat(report.blocking()).extracting(GateResult::gate).containsExactly(MIN_JOBS_PER_HOST, MIN_JOBS_TOTAL,
        MIN_HOSTS_WITH_JOBS_FRACTION, SUCCESS_RATE_MIN, SUCCESS_RATE_DROP_MAX, ONLINE_DROP_MAX_PCT);
    assertThat(report.blocking()).allSatisfy(r -> {
      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.value()).isNull();
      assertThat(r.detail()).isEqualTo("Taskcluster unreadable: queue answered 503 three times");
    });
    // SSH and the rollout's own records do not depend on Taskcluster.
    assertThat(gate(report, SSHABLE_MIN_PCT).verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(gate(report, MAX_FAILED_CHANGE).verdict()).isEqualTo(GateVerdict.PASS);
  }

  @Test
  void noRolledOutHostYetIsNoDataAndBlocksAllButTheFailedHostCounts() {
    GateReport report = GateEvaluator.evaluate(POLICY, evidence(List.of(), List.of(base(3, 0, 0))));

    assertThat(report.blocking()).extracting(GateResult::gate).containsExactly(MIN_JOBS_PER_HOST, MIN_JOBS_TOTAL,
        MIN_HOSTS_WITH_JOBS_FRACTION, SUCCESS_RATE_MIN, SUCCESS_RATE_DROP_MAX, ONLINE_DROP_MAX_PCT, SSHABLE_MIN_PCT);
    assertThat(report.blocking()).allSatisfy(r -> {
      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.detail()).isEqualTo("no rolled-out host yet");
    });
  }

  @Nested
  class MinJobsPerHost {

    @Test
    void passesWhenTheQuietestHostDidEnough() {
      GateResult r = evaluate(evidence(List.of(rolled(2, 0, 0), rolled(5, 0, 0)), List.of()), MIN_JOBS_PER_HOST);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(2.0);
      assertThat(r.threshold()).isEqualTo(2.0);
      assertThat(r.detail()).isEqualTo("2 >= 2 (fewest completed tasks on one of 2 hosts)");
    }

    @Test
    void failsWhenOneHostIsShortAndCountsUnknownWorkersAsIdle() {
      GateResult r = evaluate(evidence(List.of(rolled(1, 0, 0), rolled(5, 0, 0), unknown(true)), List.of()),
          MIN_JOBS_PER_HOST);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isEqualTo(0.0);
      assertThat(r.detail()).isEqualTo("0 < 2 (2 of 3 hosts below; 1 unknown to Taskcluster)");
    }
  }

  @Nested
  class MinJobsTotal {

    @Test
    void passes() {
      GateResult r = evaluate(evidence(List.of(rolled(2, 0, 0), rolled(4, 1, 0)), List.of()), MIN_JOBS_TOTAL);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(6.0);
      assertThat(r.detail()).isEqualTo("6 >= 6 (tasks completed on 2 hosts)");
    }

    @Test
    void failsAndFailedTasksDoNotCount() {
      GateResult r = evaluate(evidence(List.of(rolled(2, 3, 1), rolled(3, 0, 0)), List.of()), MIN_JOBS_TOTAL);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.detail()).isEqualTo("5 < 6 (tasks completed on 2 hosts)");
    }
  }

  @Nested
  class MinHostsWithJobsFraction {

    @Test
    void passesAtTheLimit() {
      GateResult r = evaluate(
          evidence(List.of(rolled(1, 0, 0), rolled(1, 0, 0), rolled(1, 0, 0), rolled(0, 0, 0)), List.of()),
          MIN_HOSTS_WITH_JOBS_FRACTION);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(0.75);
      assertThat(r.detail()).isEqualTo("0.75 >= 0.75 (3 of 4 hosts completed a task)");
    }

    @Test
    void failsWhenTooManyHostsAreIdle() {
      GateResult r = evaluate(evidence(List.of(rolled(4, 0, 0), rolled(0, 2, 0)), List.of()),
          MIN_HOSTS_WITH_JOBS_FRACTION);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.value()).isEqualTo(0.5);
      assertThat(r.detail()).isEqualTo("0.50 < 0.75 (1 of 2 hosts completed a task)");
    }
  }

  @Nested
  class SuccessRateMin {

    @Test
    void passesAtTheLimit() {
      GateResult r = evaluate(evidence(List.of(rolled(9, 1, 0)), List.of()), SUCCESS_RATE_MIN);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(0.9);
      assertThat(r.detail()).isEqualTo("0.90 >= 0.90 (9 of 10 tasks completed, 1 failed, 0 exception on 1 host)");
    }

    @Test
    void failsAndExceptionsCountAgainstIt() {
      GateResult r = evaluate(evidence(List.of(rolled(1, 0, 1), rolled(1, 1, 0)), List.of()), SUCCESS_RATE_MIN);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isEqualTo(0.5);
      assertThat(r.detail()).isEqualTo("0.50 < 0.90 (2 of 4 tasks completed, 1 failed, 1 exception on 2 hosts)");
    }

    @Test
    void noResolvedTaskIsNoDataAndBlocks() {
      GateResult r = evaluate(evidence(List.of(rolled(0, 0, 0), unknown(true)), List.of(base(5, 0, 0))),
          SUCCESS_RATE_MIN);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isNull();
      assertThat(r.detail()).isEqualTo("no task resolved on the 2 hosts rolled out yet");
    }
  }

  @Nested
  class SuccessRateDropMax {

    @Test
    void passesWithinTheLimitEvenWhereFloatingPointWouldNot() {
      // 0.8 - 0.7 is 0.10000000000000009 in doubles.
      GateResult r = evaluate(evidence(List.of(rolled(7, 3, 0)), List.of(base(8, 2, 0))), SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isCloseTo(0.1, offset(1e-9));
      assertThat(r.detail()).isEqualTo("0.10 <= 0.10 (rolled out 0.70: 7 of 10 tasks completed, 3 failed, 0 exception"
          + " on 1 host; baseline 0.80: 8 of 10 tasks completed, 2 failed, 0 exception on 1 host)");
    }

    @Test
    void passesWhenTheChangeDoesBetterThanTheBaseline() {
      GateResult r = evaluate(evidence(List.of(rolled(4, 0, 0)), List.of(base(1, 1, 0))), SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(-0.5);
    }

    @Test
    void failsWhenTheRolledOutHostsDoWorseThanTheUntouchedOnes() {
      GateResult r = evaluate(evidence(List.of(rolled(3, 0, 1)), List.of(base(10, 0, 0), base(10, 0, 0))),
          SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isEqualTo(0.25);
      assertThat(r.detail()).isEqualTo("0.25 > 0.10 (rolled out 0.75: 3 of 4 tasks completed, 0 failed, 1 exception"
          + " on 1 host; baseline 1.00: 20 of 20 tasks completed, 0 failed, 0 exception on 2 hosts)");
    }

    @Test
    void noBaselineHostIsNoDataButDoesNotBlock() {
      GateResult r = evaluate(evidence(List.of(rolled(3, 0, 0)), List.of()), SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isFalse();
      assertThat(r.detail()).isEqualTo("no baseline: no host of the rollout is left untouched");
    }

    @Test
    void noBaselineTaskIsNoDataButDoesNotBlock() {
      GateResult r = evaluate(evidence(List.of(rolled(3, 0, 0)), List.of(base(0, 0, 0))), SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isFalse();
      assertThat(r.detail()).isEqualTo("no baseline: no task resolved on the 1 host not yet touched");
    }

    @Test
    void noRolledOutTaskIsNoDataAndBlocks() {
      GateResult r = evaluate(evidence(List.of(rolled(0, 0, 0)), List.of(base(3, 0, 0))), SUCCESS_RATE_DROP_MAX);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isTrue();
    }
  }

  @Nested
  class OnlineDropMaxPct {

    @Test
    void passesWhenBothCohortsAreActive() {
      GateResult r = evaluate(healthy(), ONLINE_DROP_MAX_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(0.0);
      assertThat(r.detail()).isEqualTo("0.0 <= 10.0 points (active within 60m: rolled out 100.0% = 4 of 4 hosts;"
          + " baseline 100.0% = 4 of 4 hosts)");
    }

    @Test
    void failsWhenRolledOutWorkersWentQuiet() {
      GateResult r = evaluate(evidence(List.of(rolled(1, 0, 0), inactive(rolled(1, 0, 0)), unknown(true),
          rolled(1, 0, 0)), List.of(base(1, 0, 0), base(1, 0, 0), base(1, 0, 0), inactive(base(1, 0, 0)))),
          ONLINE_DROP_MAX_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isEqualTo(25.0);
      assertThat(r.detail()).isEqualTo("25.0 > 10.0 points (active within 60m: rolled out 50.0% = 2 of 4 hosts;"
          + " baseline 75.0% = 3 of 4 hosts)");
    }

    @Test
    void activeExactlyAnHourAgoStillCounts() {
      WorkerEvidence w = rolled(1, 0, 0);
      WorkerEvidence hourAgo = new WorkerEvidence(w.host(), POOL, true, NOW.minus(Duration.ofHours(1)), 1, 0, 0, true);

      GateResult r = evaluate(evidence(List.of(hourAgo), List.of(base(1, 0, 0))), ONLINE_DROP_MAX_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
    }

    @Test
    void noBaselineIsNoDataButDoesNotBlock() {
      GateResult r = evaluate(evidence(List.of(inactive(rolled(1, 0, 0))), List.of()), ONLINE_DROP_MAX_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isFalse();
      assertThat(r.detail()).isEqualTo("no baseline: no host of the rollout is left untouched");
    }
  }

  @Nested
  class SshableMinPct {

    @Test
    void passesWhenEveryHostAnswers() {
      GateResult r = evaluate(healthy(), SSHABLE_MIN_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(r.value()).isEqualTo(100.0);
      assertThat(r.detail()).isEqualTo("100.0% >= 100.0% (4 of 4 hosts answered SSH)");
    }

    @Test
    void failsWhenOneHostDoesNotAnswerAndIgnoresHostsNotChecked() {
      GateResult r = evaluate(evidence(List.of(rolled(1, 0, 0), unreachable(rolled(1, 0, 0)), rolled(1, 0, 0),
          base(1, 0, 0)), List.of()), SSHABLE_MIN_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.blocking()).isTrue();
      assertThat(r.value()).isCloseTo(66.667, offset(0.001));
      assertThat(r.detail()).isEqualTo("66.7% < 100.0% (2 of 3 hosts answered SSH)");
    }

    @Test
    void noHostCheckedIsNoDataAndBlocks() {
      GateResult r = evaluate(evidence(List.of(base(1, 0, 0)), List.of()), SSHABLE_MIN_PCT);

      assertThat(r.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(r.blocking()).isTrue();
      assertThat(r.detail()).isEqualTo("no rolled-out host was checked over SSH");
    }
  }

  @Nested
  class MaxFailedHosts {

    private GateEvidence failed(int infrastructure, int change) {
      GateEvidence e = healthy();
      return new GateEvidence(e.windowStart(), e.collectedAt(), e.rolledOut(), e.baseline(), infrastructure, change,
          null);
    }

    @Test
    void passesWithinEachBudget() {
      GateReport report = GateEvaluator.evaluate(POLICY, failed(1, 0));

      assertThat(gate(report, MAX_FAILED_INFRASTRUCTURE).verdict()).isEqualTo(GateVerdict.PASS);
      assertThat(gate(report, MAX_FAILED_INFRASTRUCTURE).detail())
          .isEqualTo("1 <= 1 (failed hosts, infrastructure: unreachable, did not come back, worker never returned)");
      assertThat(gate(report, MAX_FAILED_CHANGE).verdict()).isEqualTo(GateVerdict.PASS);
    }

    @Test
    void eachTypeFailsOnItsOwnBudget() {
      GateReport infra = GateEvaluator.evaluate(POLICY, failed(2, 0));
      GateReport change = GateEvaluator.evaluate(POLICY, failed(0, 1));

      assertThat(infra.blocking()).extracting(GateResult::gate).containsExactly(MAX_FAILED_INFRASTRUCTURE);
      assertThat(change.blocking()).extracting(GateResult::gate).containsExactly(MAX_FAILED_CHANGE);
      assertThat(gate(change, MAX_FAILED_CHANGE).detail())
          .isEqualTo("1 > 0 (failed hosts, change: Puppet failed, tasks failed after release)");
    }

    @Test
    void alwaysHasDataEvenWhenTaskclusterIsDown() {
      GateEvidence e = failed(0, 1);
      GateEvidence broken = new GateEvidence(e.windowStart(), e.collectedAt(), List.of(), List.of(), 0, 1, "down");

      GateResult r = gate(GateEvaluator.evaluate(POLICY, broken), MAX_FAILED_CHANGE);

      assertThat(r.verdict()).isEqualTo(GateVerdict.FAIL);
      assertThat(r.value()).isEqualTo(1.0);
    }
  }
}
