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
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every gate as a soaking stage sees it on Temporal's time-skipping server: a workflow reads the evidence
 * through {@link GateActivities} every 10 minutes and judges it with {@link GateEvaluator} in workflow
 * code. Each gate goes from missing data to failing to passing, as a stage's first hours do; the reports
 * come back through Temporal's data converter, as history and queries carry them.
 */
class GateSoakTimeSkippingTest {

  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration POLL = Duration.ofMinutes(10);
  private static final String POOL = "releng-hardware/gecko-t-linux-talos-1804";
  private static final ScriptedEvidence evidence = new ScriptedEvidence();

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(GateSoakImpl.class)
      .setActivityImplementations(evidence)
      .build();

  /** Collects and judges the evidence {@code checks} times, {@code poll} apart: a stage soaking. */
  @WorkflowInterface
  public interface GateSoak {
    @WorkflowMethod
    List<GateReport> soak(GatePolicy policy, EvidenceRequest request, Duration poll, int checks);
  }

  public static class GateSoakImpl implements GateSoak {
    private final GateActivities gates = Workflow.newActivityStub(GateActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build());

    @Override
    public List<GateReport> soak(GatePolicy policy, EvidenceRequest request, Duration poll, int checks) {
      List<GateReport> reports = new ArrayList<>();
      for (int i = 0; i < checks; i++) {
        if (i > 0) {
          Workflow.sleep(poll);
        }
        reports.add(GateEvaluator.evaluate(policy, gates.collectEvidence(request)));
      }
      return reports;
    }
  }

  /** Hands out the evidence a test scripted, one per call, and remembers what it was asked. */
  static final class ScriptedEvidence implements GateActivities {
    final Deque<GateEvidence> script = new ArrayDeque<>();
    final List<EvidenceRequest> requests = new ArrayList<>();

    @Override
    public synchronized GateEvidence collectEvidence(EvidenceRequest request) {
      requests.add(request);
      return script.removeFirst();
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    this.env = env;
    this.client = client;
    this.taskQueue = options.getTaskQueue();
    evidence.script.clear();
    evidence.requests.clear();
  }

  // ---- the scenarios: for each gate, evidence without data, failing, passing ----------------------

  private static WorkerEvidence host(int n, int completed, int failed, int exception, Duration idle, Boolean ssh) {
    return new WorkerEvidence("t-linux64-ms-" + n, POOL, true, T0.minus(idle), completed, failed, exception, ssh);
  }

  private static WorkerEvidence rolled(int n, int completed, int failed, int exception) {
    return host(n, completed, failed, exception, Duration.ofMinutes(1), true);
  }

  private static WorkerEvidence base(int n, int completed, int failed, int exception) {
    return host(n, completed, failed, exception, Duration.ofMinutes(1), null);
  }

  private static GateEvidence seen(List<WorkerEvidence> rolledOut, List<WorkerEvidence> baseline) {
    return new GateEvidence(T0.minus(Duration.ofHours(6)), T0, rolledOut, baseline, 0, 0, null);
  }

  private static GateEvidence taskclusterDown() {
    return new GateEvidence(T0.minus(Duration.ofHours(6)), T0, List.of(rolled(1, 5, 0, 0)), List.of(base(9, 5, 0, 0)),
        0, 0, "queue: 503 Service Unavailable after 5 retries");
  }

  private static GateEvidence failedHosts(int infrastructure, int change) {
    return new GateEvidence(T0.minus(Duration.ofHours(6)), T0, List.of(rolled(1, 5, 0, 0)), List.of(base(9, 5, 0, 0)),
        infrastructure, change, null);
  }

  private static GatePolicy only(String gate) {
    return switch (gate) {
      case MIN_JOBS_PER_HOST -> new GatePolicy(2, null, null, null, null, null, null, null, null, null);
      case MIN_JOBS_TOTAL -> new GatePolicy(null, 6, null, null, null, null, null, null, null, null);
      case MIN_HOSTS_WITH_JOBS_FRACTION -> new GatePolicy(null, null, 0.75, null, null, null, null, null, null, null);
      case SUCCESS_RATE_MIN -> new GatePolicy(null, null, null, 0.9, null, null, null, null, null, null);
      case SUCCESS_RATE_DROP_MAX -> new GatePolicy(null, null, null, null, 0.1, null, null, null, null, null);
      case ONLINE_DROP_MAX_PCT -> new GatePolicy(null, null, null, null, null, 10.0, null, null, null, null);
      case SSHABLE_MIN_PCT -> new GatePolicy(null, null, null, null, null, null, 100.0, null, null, null);
      case MAX_FAILED_INFRASTRUCTURE -> new GatePolicy(null, null, null, null, null, null, null,
          new FailedHostsLimit(1, null), null, null);
      case MAX_FAILED_CHANGE -> new GatePolicy(null, null, null, null, null, null, null,
          new FailedHostsLimit(null, 0), null, null);
      default -> throw new IllegalArgumentException(gate);
    };
  }

  /** gate, evidence without data (null: the gate always has data), failing evidence, passing evidence. */
  static Stream<Arguments> gates() {
    return Stream.of(
        Arguments.of(MIN_JOBS_PER_HOST, seen(List.of(), List.of()),
            seen(List.of(rolled(1, 2, 0, 0), rolled(2, 1, 0, 0)), List.of()),
            seen(List.of(rolled(1, 3, 0, 0), rolled(2, 2, 0, 0)), List.of())),
        Arguments.of(MIN_JOBS_TOTAL, taskclusterDown(),
            seen(List.of(rolled(1, 2, 3, 0), rolled(2, 3, 0, 0)), List.of()),
            seen(List.of(rolled(1, 3, 3, 0), rolled(2, 3, 0, 0)), List.of())),
        Arguments.of(MIN_HOSTS_WITH_JOBS_FRACTION, seen(List.of(), List.of(base(9, 3, 0, 0))),
            seen(List.of(rolled(1, 1, 0, 0), rolled(2, 0, 0, 0)), List.of()),
            seen(List.of(rolled(1, 1, 0, 0), rolled(2, 1, 0, 0)), List.of())),
        Arguments.of(SUCCESS_RATE_MIN, seen(List.of(rolled(1, 0, 0, 0)), List.of()),
            seen(List.of(rolled(1, 8, 1, 1)), List.of()),
            seen(List.of(rolled(1, 9, 1, 0)), List.of())),
        Arguments.of(SUCCESS_RATE_DROP_MAX, seen(List.of(rolled(1, 0, 0, 0)), List.of(base(9, 5, 0, 0))),
            seen(List.of(rolled(1, 3, 1, 0)), List.of(base(9, 10, 0, 0))),
            seen(List.of(rolled(1, 9, 1, 0)), List.of(base(9, 10, 0, 0)))),
        Arguments.of(ONLINE_DROP_MAX_PCT, taskclusterDown(),
            seen(List.of(rolled(1, 1, 0, 0), host(2, 1, 0, 0, Duration.ofHours(2), true)),
                List.of(base(9, 1, 0, 0))),
            seen(List.of(rolled(1, 1, 0, 0), rolled(2, 1, 0, 0)), List.of(base(9, 1, 0, 0)))),
        Arguments.of(SSHABLE_MIN_PCT, seen(List.of(base(9, 3, 0, 0)), List.of()),
            seen(List.of(rolled(1, 1, 0, 0), host(2, 1, 0, 0, Duration.ofMinutes(1), false)), List.of()),
            seen(List.of(rolled(1, 1, 0, 0), rolled(2, 1, 0, 0)), List.of())),
        Arguments.of(MAX_FAILED_INFRASTRUCTURE, null, failedHosts(2, 0), failedHosts(1, 0)),
        Arguments.of(MAX_FAILED_CHANGE, null, failedHosts(0, 1), failedHosts(5, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gates")
  void eachGateGoesFromNoDataToFailToPassWhileTheStageSoaks(String gate, GateEvidence noData, GateEvidence failing,
      GateEvidence passing) {
    List<GateEvidence> script = new ArrayList<>();
    if (noData != null) {
      script.add(noData);
    }
    script.add(failing);
    script.add(passing);
    evidence.script.addAll(script);
    long start = env.currentTimeMillis();

    List<GateReport> reports = soak(only(gate), script.size());

    assertThat(env.currentTimeMillis() - start).as("simulated soak")
        .isGreaterThanOrEqualTo(POLL.multipliedBy(script.size() - 1).toMillis());
    assertThat(reports).allSatisfy(r -> assertThat(r.results()).extracting(GateResult::gate).containsExactly(gate));
    List<GateResult> seen = reports.stream().map(r -> r.results().getFirst()).toList();
    if (noData != null) {
      GateResult missing = seen.getFirst();
      assertThat(missing.verdict()).isEqualTo(GateVerdict.NO_DATA);
      assertThat(missing.value()).isNull();
      assertThat(missing.detail()).isNotBlank();
      assertThat(missing.blocking()).isTrue();
    }
    GateResult failed = seen.get(seen.size() - 2);
    assertThat(failed.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(failed.blocking()).isTrue();
    assertThat(failed.value()).isNotNull();
    assertThat(reports.get(reports.size() - 2).passed()).isFalse();
    GateResult passed = seen.getLast();
    assertThat(passed.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(passed.blocking()).isFalse();
    assertThat(reports.getLast().passed()).isTrue();
  }

  @Test
  void withoutABaselineTheComparisonsHaveNoDataButDoNotHoldTheStage() {
    GatePolicy comparisons = new GatePolicy(null, null, null, 0.9, 0.1, 10.0, null, null, null, null);
    evidence.script.add(seen(List.of(rolled(1, 10, 0, 0)), List.of()));

    GateReport report = soak(comparisons, 1).getFirst();

    assertThat(report.results()).extracting(GateResult::gate, GateResult::verdict, GateResult::blocking)
        .containsExactly(
            tuple(SUCCESS_RATE_MIN, GateVerdict.PASS, false),
            tuple(SUCCESS_RATE_DROP_MAX, GateVerdict.NO_DATA, false),
            tuple(ONLINE_DROP_MAX_PCT, GateVerdict.NO_DATA, false));
    assertThat(report.passed()).isTrue();
  }

  @Test
  void theDefaultGatesHoldAStageUntilEnoughWorkIsDoneAndTheRequestReachesTheActivity() {
    EvidenceHost h1 = new EvidenceHost("t-linux64-ms-001", "gecko_t_linux_talos",
        new WorkerRef("releng-hardware", "gecko-t-linux-talos-1804", "mdc1", "t-linux64-ms-001"));
    // Nothing resolved yet, then 4 tasks, then 12: the default asks for 10 in all.
    evidence.script.add(seen(List.of(rolled(1, 0, 0, 0), rolled(2, 0, 0, 0)), List.of(base(9, 6, 0, 0))));
    evidence.script.add(seen(List.of(rolled(1, 2, 0, 0), rolled(2, 2, 0, 0)), List.of(base(9, 6, 0, 0))));
    evidence.script.add(seen(List.of(rolled(1, 6, 0, 0), rolled(2, 6, 0, 0)), List.of(base(9, 6, 0, 0))));
    EvidenceRequest request = new EvidenceRequest("rollout-x", List.of(h1), List.of(), T0, "ab12");

    List<GateReport> reports = client.newWorkflowStub(GateSoak.class,
        WorkflowOptions.newBuilder().setTaskQueue(taskQueue).build()).soak(GatePolicy.DEFAULT, request, POLL, 3);

    assertThat(reports).extracting(GateReport::passed).containsExactly(false, false, true);
    assertThat(reports.getFirst().blocking()).extracting(GateResult::gate)
        .containsExactly(MIN_JOBS_TOTAL, MIN_HOSTS_WITH_JOBS_FRACTION, SUCCESS_RATE_MIN, SUCCESS_RATE_DROP_MAX);
    assertThat(reports.get(1).blocking()).extracting(GateResult::gate).containsExactly(MIN_JOBS_TOTAL);
    assertThat(evidence.requests).containsOnly(request);
  }

  private List<GateReport> soak(GatePolicy policy, int checks) {
    GateSoak workflow = client.newWorkflowStub(GateSoak.class, WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
        .build());
    return workflow.soak(policy, new EvidenceRequest("rollout-x", List.of(), List.of(), T0), POLL, checks);
  }
}
