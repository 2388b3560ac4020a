package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.lease.LeaseRequest;
import dev.fleetroll.rollout.lease.LeaseWorkflow;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rollout and host workflows on Temporal's time-skipping test server, with a fake fleet: stage
 * order, the sliding window, the drain deadline actions, failure types, abort, leases and
 * continue-as-new. Hours of draining pass in milliseconds.
 */
class RolloutWorkflowTest extends RolloutHarness {

  @Test
  void runsTheStagesInOrderAndWaitsForAssessmentBetweenThem() throws InterruptedException {
    RolloutSpec spec = spec("stages", hosts("h1", "h2", "h3", "h4", "h5"),
        policy(new StagePolicy(1, List.of("2", "100%")), 2, AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);

    RolloutProgress canary = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    assertThat(canary.currentStage().name()).isEqualTo("canary");
    assertThat(canary.succeeded()).isEqualTo(1);
    assertThat(canary.pending()).isEqualTo(4);
    assertThat(fleet.order("quarantine")).containsExactly("h1");
    assertThatThrownBy(() -> rollout.advance(new OperatorCommand(" ", "looks good")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("needs the actor");

    RolloutProgress advanced = rollout.advance(new OperatorCommand("alice", "canary looks good"));
    assertThat(advanced.decisions()).extracting(Decision::kind, Decision::actor, Decision::stage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gates", Decision.ROLLOUT_ACTOR, "canary"),
            org.assertj.core.groups.Tuple.tuple("advance", "alice", "canary"));
    RolloutProgress batch1 = awaitProgress(rollout,
        p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    assertThat(batch1.succeeded()).isEqualTo(3);
    assertThat(fleet.order("quarantine")).hasSize(3);
    rollout.advance(new OperatorCommand("alice", null));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(5);
    assertThat(fleet.order("quarantine").subList(0, 1)).containsExactly("h1");
    assertThat(fleet.order("quarantine").subList(1, 3)).containsExactlyInAnyOrder("h2", "h3");
    assertThat(fleet.order("quarantine").subList(3, 5)).containsExactlyInAnyOrder("h4", "h5");
    for (String h : List.of("h1", "h2", "h3", "h4", "h5")) {
      FakeFleet.Host host = fleet.host(h);
      assertThat(host.writes).as(h + " writes").isEqualTo(1);
      assertThat(host.reboots).as(h + " reboots").isEqualTo(1);
      assertThat(host.quarantined).as(h + " released").isFalse();
    }
    var attributes = WorkflowStub.fromTyped(rollout).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.KIND)).isEqualTo("rollout");
    assertThat(attributes.get(SearchAttributes.ROLLOUT_STATE)).isEqualTo("succeeded");
    assertThat(attributes.get(SearchAttributes.HOSTS_DONE)).isEqualTo(5L);
    assertThat(attributes.get(SearchAttributes.HOSTS_TOTAL)).isEqualTo(5L);
    var host = client.newUntypedWorkflowStub(RolloutIds.host(spec.id(), "h4")).describe().getTypedSearchAttributes();
    assertThat(host.get(SearchAttributes.HOST_STEP)).isEqualTo("succeeded");
    assertThat(host.get(SearchAttributes.STAGE)).isEqualTo("batch 2");
    assertThat(statusOnceClosed(client, RolloutIds.lease("h4")))
        .as("the lease ends with the rollout")
        .isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void keepsAtMostMaxInFlightHostsAndRefillsASlotAsSoonAsOneFinishes() {
    List<HostTarget> targets = hosts("slow", "b", "c", "d", "e");
    fleet.host("slow").drainFor = Duration.ofHours(3);
    RolloutSpec spec = spec("window", targets, policy(new StagePolicy(5, List.of("100%")), 2, AdvanceMode.AUTO));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.mostQuarantinedAtOnce()).isEqualTo(2);
    assertThat(fleet.order("release")).as("the others went through the second slot while 'slow' drained")
        .containsExactly("b", "c", "d", "e", "slow");
    assertThat(fleet.host("e").releasedAt).isBefore(fleet.host("slow").quarantinedAt.plus(Duration.ofHours(3)));
  }

  @Test
  void drainDeadlineMovesTheHostToTheEndOfItsStageStillQuarantined() {
    fleet.host("a").drainFor = Duration.ofMinutes(90);
    RolloutSpec spec = spec("move", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO, new DrainPolicy(Duration.ofHours(1), DrainDeadlineAction.MOVE_TO_END)));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.order("write")).containsExactly("b", "c", "a");
    FakeFleet.Host a = fleet.host("a");
    assertThat(a.releases).as("kept quarantined while waiting at the end").isEqualTo(1);
    assertThat(a.releasedAt).isAfter(fleet.host("c").releasedAt);
    assertThat(record(result, "a").passes()).isEqualTo(2);
  }

  @Test
  void drainDeadlineFailsTheHostAndReleasesItUntouched() {
    fleet.host("a").drainFor = Duration.ofHours(5);
    RolloutSpec spec = spec("drainfail", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO, new DrainPolicy(Duration.ofHours(1), DrainDeadlineAction.FAIL)));
    RolloutWorkflow rollout = start(spec);
    // The failed host could be retried: the last stage waits, held by its gates (no host rolled out).
    awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);
    rollout.advance(OperatorCommand.advance("bob", "the task will run for hours", true, null));

    RolloutResult result = result(rollout);

    HostOutcome a = record(result, "a").outcome();
    assertThat(result.status()).isEqualTo(RolloutStatus.COMPLETED_WITH_FAILURES);
    assertThat(a.result()).isEqualTo(HostResult.FAILED);
    assertThat(a.failure().type()).isEqualTo(FailureType.INFRASTRUCTURE);
    assertThat(a.failure().code()).isEqualTo(StepFailures.DRAIN_DEADLINE);
    assertThat(a.failure().message()).contains("task T1 still running");
    assertThat(a.quarantined()).isFalse();
    assertThat(fleet.host("a").writes).isZero();
    assertThat(fleet.host("a").releases).isEqualTo(1);
  }

  @Test
  void drainDeadlineKeepWaitingWaitsAsLongAsTheTaskRuns() {
    fleet.host("a").drainFor = Duration.ofHours(3);
    RolloutSpec spec = spec("keep", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO, new DrainPolicy(Duration.ofHours(1), DrainDeadlineAction.KEEP_WAITING)));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.host("a").writes).isEqualTo(1);
    assertThat(Duration.between(fleet.host("a").quarantinedAt, fleet.host("a").releasedAt)).isGreaterThan(Duration.ofHours(3));
  }

  @Test
  void failuresAreTypedAndAWorkerThatMayBeBrokenStaysQuarantined() {
    fleet.host("nosudo").noSudo = true;
    fleet.host("other").otherOverride = "0".repeat(64);
    fleet.host("held").quarantinedBy = "sheriff: bad disk";
    fleet.host("puppetbad").puppetFails = true;
    fleet.host("taskbad").tasksFail = true;
    RolloutSpec spec = spec("failures", hosts("ok1", "nosudo", "other", "held", "puppetbad", "taskbad", "ok2"),
        policy(new StagePolicy(7, List.of("100%")), 3, AdvanceMode.AUTO, new DrainPolicy(Duration.ofHours(6),
            DrainDeadlineAction.MOVE_TO_END), TOLERANT));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.COMPLETED_WITH_FAILURES);
    assertThat(result.succeeded()).isEqualTo(2);
    Map<String, String> failures = result.hosts().stream().filter(h -> h.status() == HostStatus.FAILED)
        .collect(Collectors.toMap(HostRecord::host, h -> h.outcome().failure().type() + " " + h.outcome().failure().step()
            + " " + h.outcome().failure().code() + (h.outcome().quarantined() ? " quarantined" : " released")));
    assertThat(failures).containsExactlyInAnyOrderEntriesOf(Map.of(
        "nosudo", "INFRASTRUCTURE PREFLIGHT NoSudo released",
        "other", "INFRASTRUCTURE PREFLIGHT OverrideConflict released",
        "held", "INFRASTRUCTURE PREFLIGHT QuarantinedByOther released",
        "puppetbad", "CHANGE AWAIT_PUPPET PuppetFailed quarantined",
        "taskbad", "CHANGE VERIFY_HEALTH TasksFailing quarantined"));
    assertThat(fleet.host("nosudo").quarantines + fleet.host("other").quarantines + fleet.host("held").quarantines)
        .as("untouched").isZero();
    assertThat(fleet.host("other").writes).isZero();
    assertThat(fleet.host("puppetbad").releases).as("a host whose Puppet failed is never released").isZero();
    assertThat(fleet.host("taskbad").quarantined).as("quarantined again after failing its tasks").isTrue();
    assertThat(fleet.host("ok2").quarantined).isFalse();
    var attributes = client.newUntypedWorkflowStub(spec.id()).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.HOSTS_FAILED)).isEqualTo(5L);
    assertThat(attributes.get(SearchAttributes.ROLLOUT_STATE)).isEqualTo("completed-with-failures");
  }

  @Test
  void abortStartsNoNewHostEndsTheWaitOfTheHostInFlightAndReleasesIt() {
    fleet.host("a").drainFor = Duration.ofHours(5);
    RolloutSpec spec = spec("abort", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.inFlight() == 1 && fleet.host("a").quarantined);
    assertThatThrownBy(() -> rollout.advance(new OperatorCommand("bob", "go")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("is not waiting for assessment (it is running)");

    RolloutProgress aborting = rollout.abort(OperatorCommand.abort("bob", "wrong branch", AbortMode.SAFE_STOP));
    RolloutResult result = result(rollout);

    assertThat(aborting.status()).isEqualTo(RolloutStatus.ABORTING);
    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(record(result, "a").status()).isEqualTo(HostStatus.ABORTED);
    assertThat(record(result, "a").outcome().quarantined()).isFalse();
    assertThat(fleet.host("a").releases).isEqualTo(1);
    assertThat(fleet.host("a").writes).isZero();
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.NOT_STARTED);
    assertThat(fleet.host("b").quarantines + fleet.host("c").quarantines).isZero();
    List<HistoryEvent> history = client.fetchHistory(spec.id()).getHistory().getEventsList();
    assertThat(history.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("the rejected advance never reached history").hasSize(1);
    assertThat(Duration.between(instant(history.getFirst()), instant(history.getLast())))
        .as("the 5 h drain was not waited out").isLessThan(Duration.ofHours(1));
  }

  @Test
  void aHostLeasedByAnotherRunningRolloutIsLeftOut() {
    LeaseWorkflow other = client.newWorkflowStub(LeaseWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.lease("b")).setTaskQueue(taskQueue).build());
    WorkflowClient.start(other::hold, new LeaseRequest("b", "rollout-other-20260101-0000", "carol"));
    RolloutSpec spec = spec("lease", hosts("a", "b"), policy(new StagePolicy(2, List.of("100%")), 2, AdvanceMode.AUTO));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.EXCLUDED);
    assertThat(record(result, "b").note()).contains("in another running rollout");
    assertThat(fleet.host("b").quarantines).isZero();
    assertThat(client.fetchHistory(RolloutIds.lease("b")).getHistory().getEventsList())
        .as("the other rollout's lease was never signalled")
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  }

  @Test
  void aLaterStagesHostLeasedElsewhereLeavesItsStageAndTheCanaryKeepsItsSize() throws InterruptedException {
    LeaseWorkflow other = client.newWorkflowStub(LeaseWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.lease("c")).setTaskQueue(taskQueue).build());
    WorkflowClient.start(other::hold, new LeaseRequest("c", "rollout-other-20260101-0000", "carol"));
    RolloutSpec spec = spec("lease", hosts("a", "b", "c"), policy(new StagePolicy(1, List.of("100%")), 2,
        AdvanceMode.AUTO));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(record(result, "a").stage()).as("the canary").isZero();
    assertThat(record(result, "a").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(record(result, "c").status()).isEqualTo(HostStatus.EXCLUDED);
    assertThat(record(result, "c").note()).contains("in another running rollout");
    assertThat(fleet.host("c").quarantines).isZero();
    assertThat(client.fetchHistory(RolloutIds.lease("c")).getHistory().getEventsList())
        .as("the other rollout's lease was never signalled")
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(statusOnceClosed(client, RolloutIds.lease("b"))).as("its own leases end with the rollout")
        .isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void theCanarysPipelinesStartBeforeTheLaterStagesLeasesAreAskedFor() {
    RolloutSpec spec = spec("order", hosts("a", "b", "c", "d"), policy(new StagePolicy(1, List.of("100%")), 3,
        AdvanceMode.AUTO));

    RolloutResult result = result(start(spec));

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    List<String> started = client.fetchHistory(spec.id()).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId()).toList();
    // The server starts children in the order asked: 200 leases asked at once kept the canary waiting for seconds.
    assertThat(started.subList(0, 2)).as("the canary's lease, then its pipeline, then the others' leases")
        .containsExactly(RolloutIds.lease("a"), RolloutIds.host(spec.id(), "a"));
    assertThat(started.subList(2, 5)).containsExactly(RolloutIds.lease("b"), RolloutIds.lease("c"), RolloutIds.lease("d"));
  }

  @Test
  void continuesAsNewBetweenStagesAndCarriesItsState() {
    RolloutSpec base = spec("can", hosts("h1", "h2", "h3"), policy(new StagePolicy(1, List.of("1")), 1, AdvanceMode.AUTO));
    RolloutSpec spec = new RolloutSpec(base.id(), base.name(), base.actor(), base.overrideSha(), base.overrideName(),
        base.hosts(), base.excluded(), base.policy(), base.expectedHostDuration(), 1);
    RolloutWorkflow rollout = start(spec);
    String firstRun = WorkflowStub.fromTyped(rollout).getExecution().getRunId();

    RolloutResult result = client.newUntypedWorkflowStub(spec.id()).getResult(RolloutResult.class);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(3);
    assertThat(result.hosts()).extracting(HostRecord::stage).containsExactly(0, 1, 2);
    List<HistoryEvent> first = client.fetchHistory(spec.id(), firstRun).getHistory().getEventsList();
    assertThat(first.getLast().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    for (String h : List.of("h1", "h2", "h3")) {
      assertThat(fleet.host(h).writes).as(h).isEqualTo(1);
    }
  }
}
