package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Pause, resume and abort as signals (the Web UI's Send Signal, {@code temporal workflow signal}): the
 * updates' rules apply to each, a refused signal changes nothing and is recorded as a refused decision,
 * an accepted one is recorded as the update is.
 */
class RolloutWorkflowSignalsTest extends RolloutHarness {

  @Test
  void eachSignalIsRefusedByEachRuleThatRefusesItsUpdateAndTheRefusalIsRecorded() throws Exception {
    fleet.host("a").drainFor = Duration.ofHours(2);
    RolloutSpec spec = spec("signals", hosts("a", "b", "c"), policy(new StagePolicy(3, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> record(p, "a").status() == HostStatus.IN_FLIGHT);

    refusedSignal(rollout, () -> rollout.pauseSignal(new OperatorCommand(null, "lunch")),
        "signal pause refused: a command needs the actor who gives it");
    refusedSignal(rollout, () -> rollout.resumeSignal(new OperatorCommand("bob", null)),
        "signal resume refused: rollout " + spec.id() + " is not paused (it is running)");
    refusedSignal(rollout, () -> rollout.abortSignal(OperatorCommand.abort("bob", null, AbortMode.ROLLBACK)),
        "signal abort refused: an abort needs a reason (--reason TEXT)");
    refusedSignal(rollout, () -> rollout.abortSignal(null), "signal abort refused: a command needs the actor who gives it");
    assertThat(rollout.progress().status()).as("nothing refused changed the rollout").isEqualTo(RolloutStatus.RUNNING);

    rollout.pauseSignal(new OperatorCommand("bob", "lunch"));
    RolloutProgress paused = awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED);
    assertThat(paused.pausedBy()).isEqualTo("bob");
    refusedSignal(rollout, () -> rollout.pauseSignal(new OperatorCommand("carol", null)),
        "signal pause refused: rollout " + spec.id() + " is paused already (by bob)");
    refusedSignal(rollout, () -> rollout.resumeSignal(new OperatorCommand(" ", null)),
        "signal resume refused: a command needs the actor who gives it");
    rollout.resumeSignal(new OperatorCommand("bob", "back"));
    awaitProgress(rollout, p -> p.pausedBy() == null);

    rollout.abortSignal(OperatorCommand.abort("bob", "wrong week", AbortMode.STOP_NEW));
    awaitProgress(rollout, p -> p.decisions().stream().anyMatch(d -> d.kind().equals("abort")));
    refusedSignal(rollout, () -> rollout.abortSignal(OperatorCommand.abort("carol", "me too", AbortMode.STOP_NEW)),
        "signal abort refused: rollout " + spec.id() + " is being aborted already (by bob, stop-new); only a stronger mode can follow");
    refusedSignal(rollout, () -> rollout.pauseSignal(new OperatorCommand("carol", "wait")),
        "signal pause refused: rollout " + spec.id() + " is being aborted (by bob)");
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(record(result, "a").status()).as("stop-new: the host in flight ran to its end").isEqualTo(HostStatus.SUCCEEDED);
    assertThat(fleet.host("b").quarantines + fleet.host("c").quarantines).isZero();
    assertThat(acceptedUpdates(spec.id())).as("signals are not updates").isZero();
    List<Decision> decisions = rollout.progress().decisions(); // a query of the closed rollout
    assertThat(decisions).filteredOn(d -> !d.actor().equals(Decision.ROLLOUT_ACTOR) || d.kind().equals("refused"))
        .extracting(Decision::kind, Decision::actor)
        .containsExactly(Tuple.tuple("refused", "unknown"), Tuple.tuple("refused", "bob"), Tuple.tuple("refused", "bob"),
            Tuple.tuple("refused", "unknown"), Tuple.tuple("pause", "bob"), Tuple.tuple("refused", "carol"),
            Tuple.tuple("refused", "unknown"), Tuple.tuple("resume", "bob"), Tuple.tuple("abort", "bob"),
            Tuple.tuple("refused", "carol"), Tuple.tuple("refused", "carol"));
    Decision abort = decisions.stream().filter(d -> d.kind().equals("abort")).findFirst().orElseThrow();
    assertThat(abort.reason()).isEqualTo("wrong week");
    assertThat(abort.parameters()).as("recorded as the update records it").containsExactly(java.util.Map.entry("mode", "stop-new"));
    assertThat(decisions).filteredOn(d -> d.kind().equals("refused"))
        .allSatisfy(d -> assertThat(d.parameters()).containsEntry("via", "signal"));
    replays(spec.id());
  }

  @Test
  void anAbortSignalWithRollbackRevertsTheHostsTheRolloutWroteAndNamesItsSenderWhenTheSignalDoesNot() throws Exception {
    fleet.host("c").drainFor = Duration.ofHours(5);
    RolloutSpec spec = spec("signal-rollback", hosts("a", "b", "c", "d"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.succeeded() == 2 && fleet.host("c").quarantined);

    senders.identity = "temporal-cli:bob@laptop";
    rollout.abortSignal(OperatorCommand.abort(null, "breaks talos", AbortMode.ROLLBACK));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
    assertThat(FakeRevert.started).as("last touched first; c was never written").containsExactly("b", "a");
    assertThat(FakeRevert.reasons).containsOnly("rollback: breaks talos");
    assertThat(fleet.host("c").quarantined).isFalse();
    assertThat(record(result, "d").status()).isEqualTo(HostStatus.NOT_STARTED);
    assertThat(history(spec.id())).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .hasSize(1);
    assertThat(senders.asked).as("the first abort signal's sender, read from history").containsExactly("abort#0");
    Decision abort = rollout.progress().decisions().stream().filter(d -> d.kind().equals("abort")).findFirst().orElseThrow();
    assertThat(abort.actor()).isEqualTo("temporal-cli:bob@laptop");
    replays(spec.id());
  }

  /** Sends a signal the rules refuse and waits (in test time) until the rollout has recorded the refusal. */
  private void refusedSignal(RolloutWorkflow rollout, Runnable signal, String reason) {
    int before = rollout.progress().decisions().size();
    RolloutStatus status = rollout.progress().status();
    signal.run();
    RolloutProgress after = awaitProgress(rollout, p -> p.decisions().size() > before);
    Decision refusal = after.decisions().getLast();
    assertThat(refusal.kind()).isEqualTo("refused");
    assertThat(refusal.reason()).isEqualTo(reason);
    assertThat(after.status()).as("a refused signal changes nothing").isEqualTo(status);
  }
}
