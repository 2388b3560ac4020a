package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stage lifecycle with health gates: judged at the end of each stage, while it runs, and again while
 * the rollout waits, paused on a failing gate (shown with its numbers), a forced advance, recovery, auto-advance
 * after the soak, and notifications that never hold the rollout.
 */
class RolloutWorkflowGatesTest extends RolloutHarness {

  private static final DrainPolicy DRAIN = new DrainPolicy(Duration.ofHours(6), DrainDeadlineAction.MOVE_TO_END);

  @Test
  void autoAdvancesOnlyAfterTheGatesHeldForTheSoak() throws Exception {
    GatePolicy soak = new GatePolicy(null, null, null, null, null, null, null, null, null, Duration.ofMinutes(30))
        .withDefaults();
    RolloutSpec spec = spec("soak", hosts("h1", "h2"), policy(new StagePolicy(1, List.of("100%")), 1, AdvanceMode.AUTO,
        DRAIN, soak));
    RolloutWorkflow rollout = start(spec);

    RolloutProgress soaking = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    RolloutResult result = result(rollout);

    assertThat(soaking.autoAdvanceAt()).isNotNull();
    assertThat(soaking.gates().passed()).isTrue();
    Instant canaryDone = fleet.host("h1").releasedAt;
    assertThat(fleet.host("h2").quarantinedAt).as("batch 1 started once the gates had held for 30 minutes")
        .isAfterOrEqualTo(soaking.autoAdvanceAt()).isAfter(canaryDone.plus(Duration.ofMinutes(30)));
    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.hosts()).extracting(HostRecord::status).containsOnly(HostStatus.SUCCEEDED);
    assertThat(gates.requests.size()).as("stage end, soak end, last stage end").isGreaterThanOrEqualTo(3);
    assertThat(gates.requests.getFirst().rolledOut()).extracting(e -> e.host()).containsExactly("h1");
    assertThat(gates.requests.getFirst().baseline()).extracting(e -> e.host()).containsExactly("h2");
    assertThat(gates.events()).as("auto mode does not ask anyone to assess").containsExactly(
        RolloutNotification.FINISHED);
    Decision auto = rollout.progress().decisions().stream().filter(d -> d.kind().equals("advance")).findFirst().orElseThrow();
    assertThat(auto.actor()).isEqualTo(Decision.ROLLOUT_ACTOR);
    assertThat(auto.parameters()).containsEntry("auto", "true");
    assertThat(auto.gates().passed()).isTrue();
    replays(spec.id());
  }

  @Test
  void aFailingGatePausesTheRolloutShowsTheGateAndOnlyAForcedAdvanceMovesOn() throws Exception {
    gates.failing = true;
    RolloutSpec spec = spec("gatefail", hosts("h1", "h2"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);

    RolloutProgress paused = awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);

    GateResult rate = paused.gates().blocking().stream().filter(r -> r.gate().equals("success_rate_min")).findFirst()
        .orElseThrow();
    assertThat(rate.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(rate.value()).isEqualTo(0.25);
    assertThat(rate.threshold()).isEqualTo(0.9);
    assertThat(paused.autoAdvanceAt()).as("failing gates never auto-advance").isNull();
    assertThat(details(spec.id())).contains("Paused on a failing gate").contains("success_rate_min");
    RolloutNotification note = gates.notifications.getLast();
    assertThat(note.event()).isEqualTo(RolloutNotification.PAUSED_ON_GATE);
    assertThat(note.failingGates()).anyMatch(line -> line.startsWith("success_rate_min fail"));
    env.sleep(Duration.ofHours(1));
    assertThat(fleet.host("h2").quarantines).as("an hour later, still held").isZero();

    assertThatThrownBy(() -> rollout.advance(new OperatorCommand("bob", "looks fine to me")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("is held by its gates: ").hasMessageContaining("success_rate_min fail: 0.25 < 0.90")
        .hasMessageContaining("--force");
    assertThatThrownBy(() -> rollout.advance(OperatorCommand.advance("bob", " ", true, null)))
        .rootCause().hasMessageContaining("a forced advance needs a reason");
    RolloutProgress forced = rollout.advance(OperatorCommand.advance("bob", "flaky suite, known (bug 123)", true, null));
    gates.failing = false;
    RolloutResult result = result(rollout);

    Decision force = forced.decisions().getLast();
    assertThat(force.kind()).isEqualTo("advance");
    assertThat(force.actor()).isEqualTo("bob");
    assertThat(force.reason()).isEqualTo("flaky suite, known (bug 123)");
    assertThat(force.parameters()).containsEntry("force", "true");
    assertThat(force.gates().passed()).as("the gate values at that moment").isFalse();
    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.host("h2").writes).isEqualTo(1);
    assertThat(acceptedUpdates(spec.id())).as("refused commands never reached history").isEqualTo(1);
    replays(spec.id());
  }

  @Test
  void aStageWhoseHostsFailTheirTasksPausesBeforeTheRestOfTheStageGetsTheChange() throws Exception {
    gates.failingHosts.addAll(List.of("h2", "h3", "h4", "h5", "h6"));
    RolloutSpec spec = spec("midstage", hosts("h1", "h2", "h3", "h4", "h5", "h6"),
        policy(new StagePolicy(1, List.of("100%")), 1, AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    rollout.advance(new OperatorCommand("alice", "canary good"));

    RolloutProgress paused = awaitProgress(rollout, p -> Decision.ROLLOUT_ACTOR.equals(p.pausedBy())
        && p.hosts().stream().noneMatch(h -> h.status() == HostStatus.IN_FLIGHT));
    env.sleep(Duration.ofHours(1));

    Decision pause = paused.decisions().getLast();
    assertThat(pause.kind()).isEqualTo("pause");
    assertThat(pause.reason()).startsWith("gates fail while batch 1 runs: success_rate_min fail");
    assertThat(pause.parameters()).containsEntry("gate", "success_rate_min,success_rate_drop_max");
    assertThat(pause.gates().passed()).isFalse();
    assertThat(gates.events()).contains(RolloutNotification.PAUSED_ON_GATE);
    List<String> started = paused.hosts().stream().filter(h -> h.stage() == 1 && h.status() != HostStatus.PENDING)
        .map(HostRecord::host).toList();
    assertThat(started).as("the stage stopped before most of it had the change").hasSizeBetween(1, 3);
    for (String host : List.of("h4", "h5", "h6")) {
      if (!started.contains(host)) {
        assertThat(fleet.host(host).quarantines).as(host + " not started, an hour later").isZero();
      }
    }

    rollout.resume(new OperatorCommand("bob", "known flaky suite, bug 123"));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(rollout.progress().decisions().stream().filter(d -> d.kind().equals("pause")))
        .as("the gate the operator accepted does not pause the stage again").hasSize(1);
    assertThat(fleet.host("h6").writes).isEqualTo(1);
    replays(spec.id());
  }

  @Test
  void aRolloutPausedOnAGateWaitsForAssessmentAgainWhenTheGatesPassLater() {
    gates.failing = true;
    RolloutSpec spec = spec("recover", hosts("h1", "h2"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.status() == RolloutStatus.PAUSED_ON_GATE);

    gates.failing = false;
    RolloutProgress waiting = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);

    assertThat(waiting.gates().passed()).isTrue();
    assertThat(waiting.decisions()).extracting(Decision::kind).containsExactly("gates", "gates");
    assertThat(waiting.decisions().getLast().reason()).contains("waiting for assessment again");
    assertThat(gates.events()).containsExactly(RolloutNotification.PAUSED_ON_GATE,
        RolloutNotification.WAITING_FOR_ASSESSMENT);
    assertThat(fleet.host("h2").quarantines).as("manual: recovery does not advance").isZero();
    rollout.advance(new OperatorCommand("alice", "canary good"));
    assertThat(result(rollout).status()).isEqualTo(RolloutStatus.SUCCEEDED);
  }

  @Test
  void aWebhookThatIsDownNeverHoldsTheRollout() {
    gates.webhookDown = true;
    RolloutSpec spec = spec("nohook", hosts("h1", "h2", "h3"), policy(new StagePolicy(1, List.of("1")), 1,
        AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);

    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    rollout.advance(new OperatorCommand("alice", "ok"));
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    rollout.advance(new OperatorCommand("alice", "ok"));

    assertThat(result(rollout).status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(gates.notifications).isEmpty();
  }

  @Test
  void gateReportsAreRecordedAtEveryStageEnd() {
    RolloutSpec spec = spec("record", hosts("h1", "h2", "h3"), policy(new StagePolicy(1, List.of("1")), 1,
        AdvanceMode.AUTO));
    RolloutWorkflow rollout = start(spec);

    RolloutResult result = result(rollout);
    List<Decision> decisions = rollout.progress().decisions();

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(decisions.stream().filter(d -> d.kind().equals("gates")).map(Decision::stage))
        .containsExactly("canary", "batch 1", "batch 2");
    GateReport last = rollout.progress().gates();
    assertThat(last.results()).extracting(GateResult::gate).contains("success_rate_min", "max_failed_hosts.change");
    assertThat(gates.notifications.getLast().event()).isEqualTo(RolloutNotification.FINISHED);
    assertThat(gates.notifications.getLast().status()).isEqualTo("succeeded");
  }

  @Test
  void aLongWaitForAssessmentContinuesAsNewAndKeepsWaiting() {
    RolloutSpec base = spec("longwait", hosts("h1", "h2"), policy(new StagePolicy(1, List.of("100%")), 1,
        AdvanceMode.MANUAL));
    RolloutSpec spec = new RolloutSpec(base.id(), base.name(), base.actor(), base.overrideSha(), base.overrideName(),
        base.hosts(), base.excluded(), base.policy(), base.expectedHostDuration(), 1);
    RolloutWorkflow rollout = start(spec);
    RolloutProgress first = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    String firstRun = WorkflowStub.fromTyped(rollout).describe().getExecution().getRunId();

    env.sleep(Duration.ofHours(2));
    RolloutWorkflow current = client.newWorkflowStub(RolloutWorkflow.class, spec.id());
    RolloutProgress later = current.progress();

    assertThat(client.newUntypedWorkflowStub(spec.id()).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(later.status()).isEqualTo(RolloutStatus.WAITING_FOR_ASSESSMENT);
    assertThat(later.waitingSince()).isEqualTo(first.waitingSince());
    assertThat(gates.events()).as("told once").containsExactly(RolloutNotification.WAITING_FOR_ASSESSMENT);
    current.advance(new OperatorCommand("alice", "after the weekend"));
    RolloutResult result = client.newUntypedWorkflowStub(spec.id()).getResult(RolloutResult.class);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.host("h1").writes + fleet.host("h2").writes).isEqualTo(2);
  }

  /** The Web UI's current details of a workflow. */
  private String details(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }
}
