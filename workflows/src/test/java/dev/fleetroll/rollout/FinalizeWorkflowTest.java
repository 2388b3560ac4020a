package dev.fleetroll.rollout;

import dev.fleetroll.rollout.finalize.FinalizeHost;
import dev.fleetroll.rollout.finalize.FinalizeHostRecord;
import dev.fleetroll.rollout.finalize.FinalizeProgress;
import dev.fleetroll.rollout.finalize.FinalizeRequest;
import dev.fleetroll.rollout.finalize.FinalizeStatus;
import dev.fleetroll.rollout.finalize.FinalizeWorkflow;
import dev.fleetroll.rollout.finalize.FinalizeWorkflowImpl;
import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import dev.fleetroll.rollout.host.HostRevertWorkflowImpl;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.lease.LeaseWorkflowImpl;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The finalize on the time-skipping test server: every host reverted with the sliding window, then the
 * gates watched for the observation period; a regression pauses it with a notification and re-applies
 * nothing until an operator acknowledges or aborts.
 */
class FinalizeWorkflowTest {

  private static final String SHA = HostRevertWorkflowTest.SHA;
  private static final String ROLLOUT = HostRevertWorkflowTest.ROLLOUT;
  private static final FakeFleet fleet = new FakeFleet();
  private static final FakeEvidence gates = new FakeEvidence();
  private static final FakeSignalSenders senders = new FakeSignalSenders();

  @RegisterExtension
  static final TestWorkflowExtension temporal = HostRevertWorkflowTest.withSearchAttributes(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(FinalizeWorkflowImpl.class, HostRevertWorkflowImpl.class, LeaseWorkflowImpl.class)
      .setActivityImplementations(fleet, gates, senders)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    this.env = env;
    this.client = client;
    this.taskQueue = options.getTaskQueue();
    fleet.reset(env::currentTimeMillis);
    gates.reset(env::currentTimeMillis);
  }

  @Test
  void revertsEveryHostWithTheWindowThenObservesTheGatesAndSucceeds() throws InterruptedException {
    for (String h : List.of("h1", "h2", "h3")) {
      HostRevertWorkflowTest.applied(fleet, h);
    }

    FinalizeProgress result = result(start(request(Duration.ofHours(1), "h1", "h2", "h3")));

    assertThat(result.status()).isEqualTo(FinalizeStatus.SUCCEEDED);
    assertThat(result.reverted()).isEqualTo(3);
    for (String h : List.of("h1", "h2", "h3")) {
      assertThat(fleet.host(h).override).as(h).isNull();
      assertThat(fleet.host(h).puppetOverride).as(h + ": Puppet ran without it").isNull();
      assertThat(fleet.host(h).quarantined).as(h + " released").isFalse();
      assertThat(fleet.host(h).writes).as(h + ": nothing re-applied").isZero();
    }
    assertThat(fleet.mostQuarantinedAtOnce()).isEqualTo(2);
    assertThat(result.hosts()).extracting(r -> r.snapshot().overrideSha()).containsOnly(SHA);
    assertThat(result.hosts()).extracting(r -> r.snapshot().puppetOverrideSha()).containsOnly(SHA);
    assertThat(result.checks()).isEqualTo(12);
    assertThat(result.lastReport().passed()).isTrue();
    assertThat(gates.requests().getLast().rolledOut()).hasSize(3);
    assertThat(gates.notifications()).isEmpty();
    var attributes = client.newUntypedWorkflowStub(RolloutIds.finalize(ROLLOUT)).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.KIND)).isEqualTo(FinalizeWorkflow.KIND);
    assertThat(attributes.get(SearchAttributes.ROLLOUT_ID)).isEqualTo(ROLLOUT);
    assertThat(attributes.get(SearchAttributes.ROLLOUT_STATE)).isEqualTo("succeeded");
    assertThat(attributes.get(SearchAttributes.HOSTS_DONE)).isEqualTo(3L);
    assertThat(client.newUntypedWorkflowStub(RolloutIds.revert(ROLLOUT, "h2")).describe().getTypedSearchAttributes()
        .get(SearchAttributes.KIND)).isEqualTo(HostRevertWorkflow.KIND);
    assertThat(RolloutHarness.statusOnceClosed(client, RolloutIds.lease("h1")))
        .as("the lease ends with the finalize").isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertReplays(RolloutIds.finalize(ROLLOUT), FinalizeWorkflowImpl.class);
    assertReplays(RolloutIds.revert(ROLLOUT, "h2"), HostRevertWorkflowImpl.class);
  }

  @Test
  void aRegressionWhileObservingPausesWithANotificationAndReappliesNothingUntilAcknowledged() {
    for (String h : List.of("h1", "h2")) {
      HostRevertWorkflowTest.applied(fleet, h);
    }
    gates.regressFrom = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofMinutes(40));
    FinalizeWorkflow finalize = start(request(Duration.ofHours(2), "h1", "h2"));
    assertThatThrownBy(() -> finalize.acknowledge(new OperatorCommand("bob", "seen")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("is not paused on a regression");

    // The pause shows at once; the notification follows (it never holds the finalize).
    FinalizeProgress paused = awaitProgress(finalize, p -> p.status() == FinalizeStatus.PAUSED_ON_REGRESSION
        && !gates.notifications().isEmpty());

    assertThat(paused.regressions()).extracting(GateResult::gate).contains(GateEvaluator.SUCCESS_RATE_MIN);
    assertThat(gates.notifications()).hasSize(1);
    assertThat(gates.notifications().getFirst().failingGates()).anyMatch(l -> l.startsWith(GateEvaluator.SUCCESS_RATE_MIN));
    assertThat(gates.notifications().getFirst().rolloutId()).isEqualTo(ROLLOUT);
    env.sleep(Duration.ofHours(3)); // nobody answers: it stays paused, and nothing is put back
    assertThat(finalize.progress().status()).isEqualTo(FinalizeStatus.PAUSED_ON_REGRESSION);
    assertThat(fleet.host("h1").writes + fleet.host("h2").writes).isZero();
    assertThat(fleet.host("h1").override).isNull();

    FinalizeProgress acknowledged = finalize.acknowledge(new OperatorCommand("bob", "known flaky suite"));
    FinalizeProgress result = result(finalize);

    assertThat(acknowledged.acknowledged()).contains(GateEvaluator.SUCCESS_RATE_MIN);
    assertThat(result.status()).isEqualTo(FinalizeStatus.SUCCEEDED);
    assertThat(result.decisions()).extracting(Decision::kind).containsExactly("acknowledge");
    assertThat(gates.notifications()).as("an acknowledged gate does not pause again").hasSize(1);
    assertReplays(RolloutIds.finalize(ROLLOUT), FinalizeWorkflowImpl.class);
  }

  @Test
  void abortWhilePausedEndsTheFinalizeWithoutReapplying() {
    HostRevertWorkflowTest.applied(fleet, "h1");
    gates.regressFrom = Instant.ofEpochMilli(env.currentTimeMillis());
    FinalizeWorkflow finalize = start(request(Duration.ofHours(1), "h1"));
    awaitProgress(finalize, p -> p.status() == FinalizeStatus.PAUSED_ON_REGRESSION);

    finalize.abort(new OperatorCommand("bob", "investigating"));
    FinalizeProgress result = result(finalize);

    assertThat(result.status()).isEqualTo(FinalizeStatus.ABORTED);
    assertThat(fleet.host("h1").writes).isZero();
    assertThat(fleet.host("h1").override).isNull();
  }

  @Test
  void anAbortSignalFollowsTheAbortsRulesAndARefusedOneIsRecorded() {
    senders.reset();
    HostRevertWorkflowTest.applied(fleet, "h1");
    gates.regressFrom = Instant.ofEpochMilli(env.currentTimeMillis());
    FinalizeWorkflow finalize = start(request(Duration.ofHours(1), "h1"));
    awaitProgress(finalize, p -> p.status() == FinalizeStatus.PAUSED_ON_REGRESSION);

    finalize.abortSignal(new OperatorCommand(null, "investigating")); // no actor, and Temporal knows no sender
    FinalizeProgress refused = awaitProgress(finalize, p -> !p.decisions().isEmpty());
    assertThat(refused.decisions().getLast().kind()).isEqualTo("refused");
    assertThat(refused.decisions().getLast().reason()).isEqualTo("signal abort refused: a command needs the actor who gives it");
    assertThat(refused.status()).isEqualTo(FinalizeStatus.PAUSED_ON_REGRESSION);

    finalize.abortSignal(new OperatorCommand("bob", "investigating"));
    FinalizeProgress result = result(finalize);

    assertThat(result.status()).isEqualTo(FinalizeStatus.ABORTED);
    assertThat(result.decisions()).extracting(Decision::kind, Decision::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("refused", "unknown"), org.assertj.core.groups.Tuple.tuple("abort", "bob"));
    assertThat(fleet.host("h1").writes).isZero();
    assertReplays(RolloutIds.finalize(ROLLOUT), FinalizeWorkflowImpl.class);
  }

  @Test
  void abortWhileRevertingLetsTheRunningRevertsFinishAndStartsNoOther() {
    for (String h : List.of("h1", "h2", "h3")) {
      HostRevertWorkflowTest.applied(fleet, h).drainFor = Duration.ofMinutes(30);
    }
    FinalizeWorkflow finalize = start(request(Duration.ofHours(1), "h1", "h2", "h3"));
    awaitProgress(finalize, p -> p.inFlight() == 2);

    finalize.abort(new OperatorCommand("bob", "wrong rollout"));
    assertThatThrownBy(() -> finalize.abort(new OperatorCommand("bob", "again")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("being aborted already");
    FinalizeProgress result = result(finalize);

    assertThat(result.status()).isEqualTo(FinalizeStatus.ABORTED);
    assertThat(result.reverted()).isEqualTo(2);
    assertThat(result.hosts()).extracting(FinalizeHostRecord::status)
        .containsExactly(HostStatus.SUCCEEDED, HostStatus.SUCCEEDED, HostStatus.NOT_STARTED);
    assertThat(fleet.host("h3").override).as("never touched").isEqualTo(SHA);
    assertThat(fleet.host("h3").quarantines).isZero();
    assertThat(result.checks()).as("no observation").isZero();
  }

  @Test
  void aHostWhoseRevertFailsCountsAgainstTheGatesAndPauses() {
    HostRevertWorkflowTest.applied(fleet, "h1");
    HostRevertWorkflowTest.applied(fleet, "h2").puppetFailsWithoutOverride = true;
    FinalizeWorkflow finalize = start(request(Duration.ofHours(1), "h1", "h2"));

    FinalizeProgress paused = awaitProgress(finalize, p -> p.status() == FinalizeStatus.PAUSED_ON_REGRESSION);

    assertThat(paused.failed()).isEqualTo(1);
    assertThat(paused.regressions()).extracting(GateResult::gate).containsExactly(GateEvaluator.MAX_FAILED_CHANGE);
    FinalizeHostRecord h2 = paused.hosts().stream().filter(r -> r.host().equals("h2")).findFirst().orElseThrow();
    assertThat(h2.outcome().quarantined()).as("a worker Puppet fails on stays out of service").isTrue();
    finalize.acknowledge(new OperatorCommand("bob", "h2 goes to repair"));
    assertThat(result(finalize).status()).isEqualTo(FinalizeStatus.COMPLETED_WITH_FAILURES);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Today's code replays the history it just wrote (updates, timers and children included): it is deterministic. */
  private void assertReplays(String workflowId, Class<?> implementation) {
    try {
      WorkflowReplayer.replayWorkflowExecution(client.fetchHistory(workflowId), implementation);
    } catch (Exception e) {
      throw new AssertionError(workflowId + " does not replay", e);
    }
  }

  private FinalizeWorkflow start(FinalizeRequest request) {
    FinalizeWorkflow finalize = client.newWorkflowStub(FinalizeWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.finalize(request.rolloutId())).setTaskQueue(taskQueue).build());
    WorkflowClient.start(finalize::run, request);
    return finalize;
  }

  private static FinalizeProgress result(FinalizeWorkflow finalize) {
    return WorkflowStub.fromTyped(finalize).getResult(FinalizeProgress.class);
  }

  private FinalizeProgress awaitProgress(FinalizeWorkflow finalize, Predicate<FinalizeProgress> condition) {
    for (int i = 0; i < 600; i++) {
      FinalizeProgress p = finalize.progress();
      if (condition.test(p)) {
        return p;
      }
      env.sleep(Duration.ofMinutes(1));
    }
    throw new AssertionError("the finalize never got there: " + finalize.progress());
  }

  private static FinalizeRequest request(Duration observe, String... names) {
    List<FinalizeHost> hosts = Arrays.stream(names).map(n -> new FinalizeHost(
        new HostTarget(n, HostPlatform.LINUX, "gecko_t_linux_2404_talos"),
        new WorkerRef("releng-hardware", "gecko-t-linux-talos-2404", "mdc1", n))).toList();
    return new FinalizeRequest(ROLLOUT, "alice", "override merged to master", SHA, "topic (black-fix)", hosts,
        HostRevertWorkflowTest.policy(DrainDeadlineAction.MOVE_TO_END), observe);
  }
}
