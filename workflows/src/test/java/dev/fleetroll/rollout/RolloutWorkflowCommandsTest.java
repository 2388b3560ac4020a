package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator commands as updates: every validator (a refused command never reaches history), pause and
 * resume, skip, retry, exclude, advance with a batch size, and the three abort modes.
 */
class RolloutWorkflowCommandsTest extends RolloutHarness {

  private static final DrainPolicy DRAIN = new DrainPolicy(Duration.ofHours(6), DrainDeadlineAction.MOVE_TO_END);

  @Test
  void validatorsRefuseWhatMakesNoSenseAndNothingRefusedReachesHistory() {
    fleet.host("a").drainFor = Duration.ofHours(2);
    fleet.host("bad").puppetFails = true;
    RolloutSpec spec = spec("rules", hosts("bad", "a", "b"), policy(new StagePolicy(3, List.of("100%")), 2,
        AdvanceMode.AUTO, DRAIN, TOLERANT));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> record(p, "bad").status() == HostStatus.FAILED && record(p, "a").status() == HostStatus.IN_FLIGHT);

    refused(() -> rollout.pause(new OperatorCommand(null, "x"))).hasMessageContaining("needs the actor");
    refused(() -> rollout.advance(new OperatorCommand("bob", "go"))).hasMessageContaining("not waiting for assessment (it is running)");
    refused(() -> rollout.resume(new OperatorCommand("bob", null))).hasMessageContaining("is not paused");
    refused(() -> rollout.abort(OperatorCommand.abort("bob", " ", AbortMode.SAFE_STOP))).hasMessageContaining("an abort needs a reason");
    refused(() -> rollout.skip(OperatorCommand.host("bob", "flaky", "nosuch"))).hasMessageContaining("nosuch is not a host of rollout");
    refused(() -> rollout.skip(OperatorCommand.host("bob", null, "b"))).hasMessageContaining("a skip needs a reason");
    refused(() -> rollout.skip(OperatorCommand.host("bob", "busy", "a"))).hasMessageContaining("a is in-flight: only a host not started yet");
    refused(() -> rollout.exclude(OperatorCommand.host("bob", "busy", "bad"))).hasMessageContaining("bad is failed");
    refused(() -> rollout.exclude(OperatorCommand.host("bob", null, "b"))).hasMessageContaining("an exclude needs a reason");
    refused(() -> rollout.retry(OperatorCommand.host("bob", null, "a"))).hasMessageContaining("only a failed host can be retried");
    refused(() -> rollout.retry(OperatorCommand.host("bob", null, null))).hasMessageContaining("needs a host");

    rollout.pause(new OperatorCommand("bob", "lunch"));
    refused(() -> rollout.pause(new OperatorCommand("carol", null))).hasMessageContaining("is paused already (by bob)");
    rollout.resume(new OperatorCommand("bob", null));
    rollout.abort(OperatorCommand.abort("bob", "enough", AbortMode.SAFE_STOP));
    // The abort ends the in-flight wait at once: the rollout may be finishing or finished by now.
    refused(() -> rollout.abort(OperatorCommand.abort("carol", "me too", AbortMode.STOP_NEW)))
        .hasMessageMatching(".*(is being aborted already \\(by bob, safe-stop\\)|has finished \\(aborted\\)).*");
    // The abort ends the in-flight wait at once, so the rollout may have finished by now: either refusal is right.
    refused(() -> rollout.pause(new OperatorCommand("carol", null)))
        .hasMessageMatching(".*(is being aborted \\(by bob\\)|has finished \\(aborted\\)).*");
    result(rollout);
    // A closed workflow takes no update at all (the CLI says the rollout is not running); while it
    // finishes, the validators refuse with "has finished" (CommandRulesTest).
    assertThatThrownBy(() -> rollout.retry(OperatorCommand.host("bob", null, "bad")))
        .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);

    assertThat(acceptedUpdates(spec.id())).as("pause, resume, abort").isEqualTo(3);
    assertThat(rollout.progress().decisions()).filteredOn(d -> !d.actor().equals(Decision.ROLLOUT_ACTOR))
        .extracting(Decision::kind, Decision::actor, Decision::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pause", "bob", "lunch"),
            org.assertj.core.groups.Tuple.tuple("resume", "bob", null),
            org.assertj.core.groups.Tuple.tuple("abort", "bob", "enough"));
  }

  @Test
  void pauseStartsNoNewHostWhileTheOneInFlightRunsToItsEnd() throws Exception {
    fleet.host("a").drainFor = Duration.ofMinutes(30);
    RolloutSpec spec = spec("pause", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.inFlight() == 1 && fleet.host("a").quarantined);

    RolloutProgress paused = rollout.pause(new OperatorCommand("bob", "sheriffs asked"));
    env.sleep(Duration.ofHours(1));
    RolloutProgress later = rollout.progress();

    assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
    assertThat(paused.pausedBy()).isEqualTo("bob");
    assertThat(record(later, "a").status()).as("in flight: ran to its end").isEqualTo(HostStatus.SUCCEEDED);
    assertThat(fleet.host("b").quarantines + fleet.host("c").quarantines).as("an hour paused, no new host").isZero();
    assertThat(later.status()).isEqualTo(RolloutStatus.PAUSED);

    rollout.resume(new OperatorCommand("bob", "go on"));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(3);
    replays(spec.id());
  }

  @Test
  void skipLeavesAHostOutRetryGivesAFailedHostAnotherPassExcludeReleasesItsLease() throws Exception {
    fleet.host("bad").puppetFails = true;
    RolloutSpec spec = spec("hosts", hosts("bad", "b", "c", "d"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);
    RolloutProgress onGate = awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);
    assertThat(onGate.gates().blocking()).extracting(r -> r.gate()).contains("max_failed_hosts.change");

    rollout.skip(OperatorCommand.host("bob", "its disk is being replaced", "c"));
    rollout.exclude(OperatorCommand.host("bob", "goes to the other rollout", "d"));
    assertThat(statusOnceClosed(client, RolloutIds.lease("d"))).as("an excluded host's lease ends at once")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    fleet.host("bad").puppetFails = false; // someone fixed the Puppet branch
    rollout.retry(OperatorCommand.host("bob", "branch fixed", "bad"));
    RolloutProgress recovered = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);

    assertThat(record(recovered, "bad").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(record(recovered, "bad").passes()).isEqualTo(2);
    assertThat(fleet.host("bad").writes).as("the override it wrote already is not written again").isEqualTo(1);
    assertThat(recovered.gates().passed()).isTrue();
    rollout.advance(new OperatorCommand("bob", "canary good now"));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.SUCCEEDED);
    assertThat(record(result, "c").status()).isEqualTo(HostStatus.SKIPPED);
    assertThat(record(result, "c").note()).isEqualTo("skipped by bob: its disk is being replaced");
    assertThat(record(result, "d").status()).isEqualTo(HostStatus.EXCLUDED);
    assertThat(fleet.host("c").quarantines + fleet.host("d").quarantines).isZero();
    assertThat(result.notStarted()).isEqualTo(2);
    Decision retry = rollout.progress().decisions().stream().filter(d -> d.kind().equals("retry")).findFirst().orElseThrow();
    assertThat(retry.parameters()).containsEntry("host", "bad");
    assertThat(retry.gates().passed()).as("the gates failed when the retry was asked").isFalse();
    replays(spec.id());
  }

  @Test
  void tooManyFailedHostsPauseTheStageBeforeTheRestOfItBreaks() throws Exception {
    fleet.host("a").puppetFails = true;
    RolloutSpec spec = spec("holdfail", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);

    RolloutProgress held = awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED);
    env.sleep(Duration.ofHours(1));

    assertThat(held.pausedBy()).isEqualTo(Decision.ROLLOUT_ACTOR);
    assertThat(held.decisions().getLast().reason()).startsWith("1 host(s) of this stage failed because of the change"
        + " (max_failed_hosts.change is 0)");
    assertThat(fleet.host("b").quarantines + fleet.host("c").quarantines).as("an hour later, nothing else touched").isZero();
    assertThat(gates.events()).containsExactly(dev.fleetroll.rollout.notify.RolloutNotification.PAUSED_ON_GATE);

    rollout.resume(new OperatorCommand("bob", "a's disk is known bad; go on"));
    // The last stage ends with a failed host and its gate failing: it waits, a forced advance ends it.
    awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);
    rollout.advance(OperatorCommand.advance("bob", "a's disk is known bad", true, null));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.COMPLETED_WITH_FAILURES);
    assertThat(result.succeeded()).as("the failure accepted, the stage went on").isEqualTo(2);
    replays(spec.id());
  }

  @Test
  void advanceWithABatchSizeCutsTheNextStageToThatSize() {
    RolloutSpec spec = spec("batch", hosts("h1", "h2", "h3", "h4", "h5", "h6"), policy(new StagePolicy(1,
        List.of("100%")), 3, AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);

    refused(() -> rollout.advance(OperatorCommand.advance("bob", null, false, 0))).hasMessageContaining("--batch-size must be at least 1");
    rollout.advance(OperatorCommand.advance("bob", "two more first", false, 2));
    RolloutProgress second = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT
        && p.stageIndex() == 1);

    assertThat(second.stages()).extracting(StageProgress::name, StageProgress::hosts).containsExactly(
        org.assertj.core.groups.Tuple.tuple("canary", 1), org.assertj.core.groups.Tuple.tuple("batch 1", 2),
        org.assertj.core.groups.Tuple.tuple("batch 2", 3));
    assertThat(second.succeeded()).isEqualTo(3);
    rollout.advance(new OperatorCommand("bob", null));
    assertThat(result(rollout).succeeded()).isEqualTo(6);
  }

  @Test
  void abortStopNewLetsTheHostsInFlightFinishTheirPipeline() {
    fleet.host("a").drainFor = Duration.ofHours(2);
    RolloutSpec spec = spec("stopnew", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.inFlight() == 1 && fleet.host("a").quarantined);

    rollout.abort(OperatorCommand.abort("bob", "wrong week", AbortMode.STOP_NEW));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(record(result, "a").status()).as("applied and verified").isEqualTo(HostStatus.SUCCEEDED);
    assertThat(fleet.host("a").writes).isEqualTo(1);
    assertThat(record(result, "b").status()).isEqualTo(HostStatus.NOT_STARTED);
    assertThat(fleet.host("b").quarantines + fleet.host("c").quarantines).isZero();
    assertThat(FakeRevert.started).isEmpty();
  }

  @Test
  void abortRollbackRevertsEveryHostItWroteToMostRecentFirst() throws Exception {
    RolloutSpec spec = threeDoneAndDDraining("rollback");
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, spec.id());

    RolloutProgress aborting = rollout.abort(OperatorCommand.abort("bob", "breaks talos", AbortMode.ROLLBACK));
    RolloutResult result = result(rollout);

    assertThat(aborting.decisions().getLast().parameters()).containsEntry("mode", "rollback");
    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(FakeRevert.started).as("last touched first; d was never written").containsExactly("c", "b", "a");
    assertThat(FakeRevert.reasons).containsOnly("rollback: breaks talos");
    for (String h : List.of("a", "b", "c")) {
      assertThat(record(result, h).status()).as(h).isEqualTo(HostStatus.REVERTED);
      assertThat(record(result, h).revert().result()).isEqualTo(HostResult.SUCCEEDED);
    }
    assertThat(record(result, "d").status()).as("stopped before the write, released").isEqualTo(HostStatus.ABORTED);
    assertThat(fleet.host("d").quarantined).isFalse();
    assertThat(record(result, "e").status()).isEqualTo(HostStatus.NOT_STARTED);
    assertThat(statusOnceClosed(client, RolloutIds.revert(spec.id(), "a")))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    replays(spec.id());
  }

  @Test
  void anAbortCanBeEscalatedToARollbackWhileItsHostsAreStillInFlight() throws Exception {
    RolloutSpec spec = threeDoneAndDDraining("escalate");
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, spec.id());

    rollout.abort(OperatorCommand.abort("bob", "tree closing", AbortMode.STOP_NEW));
    refused(() -> rollout.abort(OperatorCommand.abort("carol", "me too", AbortMode.STOP_NEW)))
        .hasMessageContaining("is being aborted already (by bob, stop-new); only a stronger mode can follow");
    RolloutProgress escalated = rollout.abort(OperatorCommand.abort("carol", "talos broke on c", AbortMode.ROLLBACK));
    RolloutResult result = result(rollout);

    assertThat(escalated.decisions()).filteredOn(d -> d.kind().equals("abort"))
        .extracting(d -> d.actor() + " " + d.parameters().get("mode")).containsExactly("bob stop-new", "carol rollback");
    assertThat(record(result, "d").status()).as("stopped in its drain, never written, released").isEqualTo(HostStatus.ABORTED);
    assertThat(fleet.host("d").writes).isZero();
    assertThat(fleet.host("d").quarantined).isFalse();
    assertThat(FakeRevert.started).containsExactly("c", "b", "a");
    assertThat(FakeRevert.reasons).containsOnly("rollback: talos broke on c");
    assertThat(record(result, "e").status()).isEqualTo(HostStatus.NOT_STARTED);
    replays(spec.id());
  }

  /** Hosts a to e one at a time: a, b and c succeed, d sits in a 5-hour drain (quarantined), e waits. */
  private RolloutSpec threeDoneAndDDraining(String name) {
    fleet.host("d").drainFor = Duration.ofHours(5);
    RolloutSpec spec = spec(name, hosts("a", "b", "c", "d", "e"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.succeeded() == 3 && fleet.host("d").quarantined);
    return spec;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Runnable command) {
    return assertThatThrownBy(command::run).isInstanceOf(WorkflowUpdateException.class).rootCause();
  }
}
