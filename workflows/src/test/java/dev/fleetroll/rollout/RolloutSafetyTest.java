package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's rules on the time-skipping server: a worker whose override may have changed is never put
 * back into service before Puppet verified the change, and such a host counts as touched; the release
 * outlasts a Taskcluster outage; the last stage waits while a host of the rollout failed; continue-as-new
 * carries every field; every host, worker and gate activity has a heartbeat timeout.
 */
class RolloutSafetyTest extends RolloutHarness {

  private static final DrainPolicy DRAIN = new DrainPolicy(Duration.ofHours(6), DrainDeadlineAction.MOVE_TO_END);

  @Test
  void aWriteThatFailsAfterWritingKeepsTheWorkerQuarantinedAndARollbackRevertsTheHost() {
    FakeFleet.Host host = fleet.host("a");
    host.writeFailsAfterWriting = true;
    RolloutWorkflow rollout = start(spec("write", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO, DRAIN, TOLERANT)));

    RolloutProgress failed = awaitProgress(rollout, p -> record(p, "a").status() == HostStatus.FAILED);

    HostRecord a = record(failed, "a");
    assertThat(a.outcome().failure().step()).isEqualTo(HostStep.WRITE_OVERRIDE);
    assertThat(a.outcome().quarantined()).as(a.outcome().failure().message()).isTrue();
    assertThat(a.outcome().failure().message()).contains("the worker stays quarantined");
    assertThat(host.override).as("the write wrote before it failed").isEqualTo(SHA);
    assertThat(host.releases).as("a worker with an unverified override is never released").isZero();
    assertThat(host.quarantined).isTrue();
    assertThat(a.touched()).as("the host counts as touched").isTrue();

    rollout.abort(OperatorCommand.abort("bob", "undo it", AbortMode.ROLLBACK));
    RolloutResult result = result(rollout);

    assertThat(FakeRevert.started).as("the rollback reverts the host whose write failed").containsExactly("a");
    assertThat(record(result, "a").status()).isEqualTo(HostStatus.REVERTED);
  }

  @Test
  void aRetriedHostThatCarriesTheOverrideStaysQuarantinedWhenItsSecondPassFailsBeforeTheWrite() {
    FakeFleet.Host host = fleet.host("a");
    host.puppetFails = true;
    RolloutWorkflow rollout = start(spec("retry", hosts("a", "z"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.MANUAL, new DrainPolicy(Duration.ofHours(1), DrainDeadlineAction.FAIL), TOLERANT)));
    awaitProgress(rollout, p -> record(p, "a").status() == HostStatus.FAILED && p.status() == RolloutStatus.PAUSED_ON_GATE);
    assertThat(host.quarantined).as("Puppet failed: the worker stays out of service").isTrue();

    host.puppetFails = false;
    host.drainFor = Duration.ofDays(30); // the second pass never drains: its drain deadline fails it
    rollout.retry(OperatorCommand.host("bob", null, "a"));
    RolloutProgress again = awaitProgress(rollout, p -> record(p, "a").passes() == 2
        && record(p, "a").status() == HostStatus.FAILED);

    HostRecord a = record(again, "a");
    assertThat(a.outcome().failure().code()).isEqualTo(StepFailures.DRAIN_DEADLINE);
    assertThat(host.releases).as("the worker whose Puppet failed with the override is never released").isZero();
    assertThat(host.quarantined).isTrue();
    assertThat(a.outcome().quarantined()).isTrue();
    assertThat(a.touched()).as("it carries the override from its first pass").isTrue();
    rollout.abort(OperatorCommand.abort("bob", "enough", AbortMode.SAFE_STOP));
    result(rollout);
  }

  @Test
  void aSafeStopKeepsAWrittenUnverifiedHostQuarantinedAndReleasesAnUntouchedOne() {
    fleet.host("written").puppetAfterReboot = Duration.ofHours(10);
    fleet.host("draining").drainFor = Duration.ofHours(5);
    RolloutWorkflow rollout = start(spec("stop", hosts("written", "draining"), policy(new StagePolicy(2, List.of("100%")),
        2, AdvanceMode.AUTO, DRAIN, TOLERANT)));
    awaitProgress(rollout, p -> fleet.host("written").reboots == 1 && fleet.host("draining").quarantined);

    rollout.abort(OperatorCommand.abort("bob", "stop", AbortMode.SAFE_STOP));
    RolloutResult result = result(rollout);

    HostRecord written = record(result, "written");
    assertThat(written.status()).isEqualTo(HostStatus.ABORTED);
    assertThat(written.outcome().quarantined()).isTrue();
    assertThat(written.outcome().failure().message()).contains("Puppet has not verified it");
    assertThat(fleet.host("written").releases).isZero();
    assertThat(written.touched()).isTrue();
    assertThat(record(result, "draining").outcome().quarantined()).isFalse();
    assertThat(fleet.host("draining").releases).as("nothing was written: back into service").isEqualTo(1);
  }

  /**
   * A host pipeline cancelled in the Web UI while Taskcluster has already quarantined its worker and the quarantine
   * call has not returned yet: the step finishes (as an abort lets it) and the pipeline puts the worker back into
   * service. It was left quarantined when the cancel cut the step off (seen in CI, RolloutControlEndToEndTest, when
   * the rollout's cancel still reached its pipelines as cancels).
   */
  @Test
  void aCancelDuringTheQuarantineCallStillReleasesTheWorker() throws Exception {
    FakeFleet.Host host = fleet.host("a");
    host.quarantineReturns = new java.util.concurrent.CountDownLatch(1);
    RolloutSpec spec = spec("cut", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1, AdvanceMode.AUTO, DRAIN,
        TOLERANT));
    start(spec);
    for (int i = 0; i < 300 && !host.quarantined; i++) {
      Thread.sleep(100);
    }
    assertThat(host.quarantined).as("Taskcluster quarantined the worker").isTrue();

    String pipeline = RolloutIds.host(spec.id(), "a");
    client.newUntypedWorkflowStub(pipeline).cancel();
    for (int i = 0; i < 300 && history(pipeline).stream()
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED); i++) {
      Thread.sleep(100);
    }
    host.quarantineReturns.countDown(); // the pipeline was asked to cancel while the call was out
    assertThat(statusOnceClosed(client, pipeline)).isEqualTo(
        io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

    assertThat(host.writes).as("nothing was written").isZero();
    assertThat(host.releases).as("the worker went back into service").isEqualTo(1);
    assertThat(host.quarantined).isFalse();
  }

  /**
   * The Web UI's Cancel stops the hosts in flight as a safe-stop abort and the rollout learns what each holds: the
   * written, unverified host stays quarantined and is recorded so (a cancelled pipeline returned no outcome, and
   * the rollout recorded the host as released).
   */
  @Test
  void aCancelRecordsAWrittenUnverifiedHostAsStillQuarantined() throws Exception {
    fleet.host("written").puppetAfterReboot = Duration.ofHours(10);
    fleet.host("draining").drainFor = Duration.ofHours(5);
    RolloutSpec spec = spec("cancel", hosts("written", "draining"), policy(new StagePolicy(2, List.of("100%")), 2,
        AdvanceMode.AUTO, DRAIN, TOLERANT));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> fleet.host("written").reboots == 1 && fleet.host("draining").quarantined);

    io.temporal.client.WorkflowStub.fromTyped(rollout).cancel();
    assertThat(statusOnceClosed(client, spec.id())).isEqualTo(
        io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

    RolloutProgress last = rollout.progress();
    HostRecord written = record(last, "written");
    assertThat(written.status()).isEqualTo(HostStatus.ABORTED);
    assertThat(written.outcome().quarantined()).as("recorded as still quarantined").isTrue();
    assertThat(written.outcome().failure().message()).contains("Puppet has not verified it");
    assertThat(written.touched()).isTrue();
    assertThat(fleet.host("written").quarantined).isTrue();
    assertThat(record(last, "draining").outcome().quarantined()).isFalse();
    assertThat(fleet.host("draining").releases).as("nothing was written: back into service").isEqualTo(1);
  }

  @Test
  void theReleaseOutlastsATaskclusterOutageInsteadOfFailingAHealthyHost() {
    RolloutWorkflow rollout = start(spec("outage", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO, DRAIN, TOLERANT)));
    awaitProgress(rollout, p -> fleet.host("a").reboots == 1);
    fleet.host("a").releaseFailsUntil = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofMinutes(20));

    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(record(result, "a").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(fleet.log()).filteredOn(e -> e.equals("a release-503")).hasSizeGreaterThan(5);
    assertThat(fleet.host("a").quarantined).isFalse();
  }

  @Test
  void aFailedHostOfTheLastStageCanBeRetriedBeforeTheRolloutEnds() {
    RolloutWorkflow rollout = lastStageWithAFailedHost("last");

    RolloutProgress waiting = awaitProgress(rollout, p -> record(p, "b").status() == HostStatus.FAILED
        && p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT || p.status().finished());
    assertThat(waiting.status()).as("the last stage waits while a host failed").isNotIn(RolloutStatus.SUCCEEDED,
        RolloutStatus.COMPLETED_WITH_FAILURES);
    assertThat(waiting.stageIndex()).isEqualTo(1);

    fleet.host("b").puppetFails = false;
    rollout.retry(OperatorCommand.host("bob", "Puppet fixed", "b"));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(fleet.host("b").quarantined).isFalse();
  }

  @Test
  void anAbortWhileTheLastStageWaitsRollsItsFailedHostBack() {
    RolloutWorkflow rollout = lastStageWithAFailedHost("end");
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);

    rollout.abort(OperatorCommand.abort("bob", "b is broken", AbortMode.ROLLBACK));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(FakeRevert.started).containsExactlyInAnyOrder("a", "b");
  }

  /** Canary a, advanced by hand; the last stage is b, whose Puppet fails. */
  private RolloutWorkflow lastStageWithAFailedHost(String name) {
    fleet.host("b").puppetFails = true;
    RolloutWorkflow rollout = start(spec(name, hosts("a", "b"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.MANUAL, DRAIN, TOLERANT)));
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 0);
    rollout.advance(new OperatorCommand("bob", "canary fine"));
    return rollout;
  }

  @Test
  void continueAsNewWhileWaitingCarriesTheFailuresAnOperatorAccepted() {
    fleet.host("a").puppetFails = true;
    fleet.host("c").puppetFails = true;
    GatePolicy strict = new GatePolicy(null, null, null, null, null, null, null, new FailedHostsLimit(0, 0), null,
        Duration.ZERO).withDefaults();
    RolloutSpec base = spec("carry", hosts("a", "b", "c", "z"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.MANUAL, DRAIN, strict));
    RolloutSpec spec = new RolloutSpec(base.id(), base.name(), base.actor(), base.overrideSha(), base.overrideName(),
        base.hosts(), base.excluded(), base.policy(), base.expectedHostDuration(), 10);
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED && record(p, "a").status() == HostStatus.FAILED);
    rollout.resume(new OperatorCommand("bob", "a is a known flake"));
    awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE && record(p, "c").status() == HostStatus.FAILED);
    env.sleep(Duration.ofMinutes(11)); // the looks at the gates make history long: the rollout continues as new
    assertThat(history(spec.id()).getFirst().getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .as("a new run").isNotEmpty();

    fleet.host("c").puppetFails = false;
    rollout.retry(OperatorCommand.host("bob", null, "a"));
    rollout.retry(OperatorCommand.host("bob", null, "c"));
    RolloutProgress after = awaitProgress(rollout, p -> record(p, "c").status() == HostStatus.SUCCEEDED
        && record(p, "a").status() == HostStatus.FAILED && record(p, "a").passes() == 2);

    assertThat(after.decisions()).filteredOn(d -> d.kind().equals("pause") && d.actor().equals(Decision.ROLLOUT_ACTOR))
        .as("a failing again is one of the failures the operator accepted: no second pause").hasSize(1);
    rollout.abort(OperatorCommand.abort("bob", "enough", AbortMode.SAFE_STOP));
    result(rollout);
  }

  @Test
  void anAbortStopsTheHostsInFlightInTheOrderTheyStarted() {
    List<String> names = List.of("c", "b", "a", "e", "d"); // an order no hash table keeps
    names.forEach(n -> fleet.host(n).drainFor = Duration.ofHours(5));
    RolloutSpec spec = spec("order", hosts(names.toArray(String[]::new)), policy(new StagePolicy(5, List.of("100%")), 5,
        AdvanceMode.AUTO, DRAIN, TOLERANT));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.inFlight() == 5 && names.stream().allMatch(n -> fleet.host(n).quarantined));

    rollout.abort(OperatorCommand.abort("bob", "stop", AbortMode.SAFE_STOP));
    result(rollout);

    List<HistoryEvent> events = history(spec.id());
    String pipeline = RolloutIds.host(spec.id(), ""); // not the leases, also children of the rollout
    List<String> started = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
        .filter(id -> id.startsWith(pipeline)).toList();
    List<String> stopped = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
        .map(e -> e.getSignalExternalWorkflowExecutionInitiatedEventAttributes().getWorkflowExecution().getWorkflowId())
        .filter(id -> id.startsWith(pipeline)).toList();
    assertThat(started).hasSize(5);
    assertThat(stopped).as("aborted in start order").containsExactlyElementsOf(started);
  }

  @Test
  void everyHostWorkerAndGateActivityHasAHeartbeatTimeout() {
    RolloutSpec spec = spec("beats", hosts("a"), policy(new StagePolicy(1, List.of("100%")), 1, AdvanceMode.AUTO, DRAIN,
        TOLERANT));
    RolloutWorkflow rollout = start(spec);
    result(rollout);

    List<HistoryEvent> scheduled = java.util.stream.Stream.concat(history(spec.id()).stream(),
            history(RolloutIds.host(spec.id(), "a")).stream())
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toList();

    assertThat(scheduled).extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .contains("CollectEvidence", "InspectHost", "InspectWorker", "Quarantine", "AwaitDrain", "WriteOverride", "Reboot",
            "AwaitPuppet", "Release", "VerifyHealth");
    for (HistoryEvent e : scheduled) {
      var attributes = e.getActivityTaskScheduledEventAttributes();
      if (!attributes.getActivityType().getName().equals("Notify")) {
        assertThat(attributes.getHeartbeatTimeout().getSeconds()).as(attributes.getActivityType().getName())
            .isBetween(1L, 60L);
      }
    }
  }
}
