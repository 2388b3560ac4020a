package dev.fleetroll.rollout;

import dev.fleetroll.rollout.RolloutState.Phase;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The rollout's health gates at work on its {@link RolloutState}: judged at the end of a stage, looked at again
 * while it waits, and watched while it runs. A new verdict is a decision; a failing one pauses the rollout and
 * tells people (the {@link Notifier}).
 *
 * <p>A rollout whose policy has no gates was started before issue 7: {@link BeforeGates} runs it as it did then
 * (no gate, no notification, {@code advance: auto} advances at once), which keeps the recorded histories of such
 * rollouts replaying. {@link #of} is the one place that tells the two apart.
 */
class GateWatch {

  final RolloutSpec spec;
  final RolloutState state;
  private final StageGates gates;
  private final Notifier notifier;
  final RolloutView view;
  /** Whether an operator asked for an advance not made yet. */
  final BooleanSupplier advanceRequested;

  GateWatch(RolloutSpec spec, RolloutState state, StageGates gates, Notifier notifier, RolloutView view,
      BooleanSupplier advanceRequested) {
    this.spec = spec;
    this.state = state;
    this.gates = gates;
    this.notifier = notifier;
    this.view = view;
    this.advanceRequested = advanceRequested;
  }

  /** The gates of {@code spec}, or none in a rollout started before they existed. */
  static GateWatch of(RolloutSpec spec, RolloutState state, Notifier notifier, RolloutView view,
      BooleanSupplier advanceRequested) {
    StageGates gates = new StageGates(spec);
    return spec.policy().gates() == null ? new BeforeGates(spec, state, gates, notifier, view, advanceRequested)
        : new GateWatch(spec, state, gates, notifier, view, advanceRequested);
  }

  /**
   * How the gates are looked at while a stage runs ({@link WorkflowChange#GATES_WHILE_STAGE_RUNS}): not at all
   * (the default version, from before the change), 1 a timed wait per host started, 2 one timer per look.
   */
  int looksWhileRunning() {
    return WorkflowChange.GATES_WHILE_STAGE_RUNS.version();
  }

  /** How long between two looks at the gates. */
  Duration recheck() {
    return gates.recheck();
  }

  /**
   * Whether the last stage waits for assessment: when a host failed, so that an operator can still retry it or
   * roll it back until the rollout ends (rollouts started before that ended at once, {@link
   * WorkflowChange#LAST_STAGE_WAITS}).
   */
  boolean lastStageWaits() {
    return state.count(HostStatus.FAILED) > 0 && WorkflowChange.LAST_STAGE_WAITS.version() >= 1;
  }

  /**
   * Waits at the end of a stage. Passing gates: waiting for assessment (manual), or soaking until the
   * gates have held for {@code gates.soak} (auto). Failing gates: paused on the gate; only a forced
   * advance moves on, unless a later look finds them passing again (then it waits for assessment, and
   * an auto rollout soaks afresh). The gates are looked at again every {@link StageGates#recheck()};
   * {@code afterLook} may continue the rollout as new.
   */
  Phase waitAtStageEnd(Runnable afterLook) {
    if (state.waitingSince == null) {
      state.waitingSince = now();
    }
    enterWaiting();
    Instant nextLook = now().plus(gates.recheck());
    while (true) {
      if (state.aborting) {
        return Phase.FINISHING;
      }
      if (advanceRequested.getAsBoolean()) {
        return Phase.ADVANCING;
      }
      if (state.hasRetriedHost()) {
        state.waitingSince = null; // the stage runs again; its next wait is a new one
        return Phase.RUNNING_STAGE;
      }
      Instant auto = view.autoAdvanceAt();
      if (auto != null && !now().isBefore(auto) && state.pausedBy == null) {
        state.decide("advance", Decision.ROLLOUT_ACTOR, "advance: auto; the gates held for "
            + HostRolloutWorkflowImpl.human(gates.policy().soak()), Map.of("auto", "true"), now());
        return Phase.ADVANCING;
      }
      Instant wake = auto != null && state.pausedBy == null && auto.isBefore(nextLook) ? auto : nextLook;
      String pausedBefore = state.pausedBy;
      boolean interrupted = Workflow.await(StageRunner.atLeastASecond(Duration.between(now(), wake)),
          () -> state.aborting || advanceRequested.getAsBoolean() || state.hasRetriedHost()
              || !Objects.equals(state.pausedBy, pausedBefore));
      if (!interrupted) {
        look();
        nextLook = now().plus(gates.recheck());
        afterLook.run();
      }
    }
  }

  /** The end of the rollout: people hear how it went. */
  void notifyEnd(String summary) {
    notifier.send(RolloutNotification.FINISHED, view.progress(), summary, StageGates.failing(state.gateReport));
  }

  /** The gates at the end of a stage (the last one too: its verdict is part of the record). */
  void judgeStageEnd() {
    state.gateReport = evaluate(state.stageIndex);
    state.passingSince = state.gateReport.passed() ? now() : null;
    state.decide("gates", Decision.ROLLOUT_ACTOR, "stage " + state.stageName() + " ended: "
        + StageGates.verdict(state.gateReport), Map.of(), now());
    view.publish();
  }

  /** Another look at the gates while waiting; a new verdict is a decision and may change the state. */
  private void look() {
    GateReport before = state.gateReport;
    state.gateReport = evaluate(state.stageIndex);
    if (!StageGates.sameVerdict(before, state.gateReport)) {
      state.passingSince = state.gateReport.passed() ? now() : null;
      state.decide("gates", Decision.ROLLOUT_ACTOR, StageGates.verdict(state.gateReport)
          + (state.gateReport.passed() ? "; waiting for assessment again" : ""), Map.of(), now());
      enterWaiting();
    }
    view.publish();
  }

  /** Waiting for assessment or paused on a gate, as the latest report says; people hear of a change. */
  private void enterWaiting() {
    GateReport report = state.gateReport;
    RolloutStatus wanted = report == null || report.passed() ? RolloutStatus.WAITING_FOR_ASSESSMENT
        : RolloutStatus.PAUSED_ON_GATE;
    boolean changed = wanted != state.status;
    state.status = wanted;
    view.publish();
    if (!changed) {
      return;
    }
    if (wanted == RolloutStatus.PAUSED_ON_GATE) {
      notifier.send(RolloutNotification.PAUSED_ON_GATE, view.progress(), "rollout " + spec.id() + " is paused at the end of "
          + state.stageName() + ": " + StageGates.verdict(report), StageGates.failing(report));
    } else if (spec.policy().advance() == AdvanceMode.MANUAL) {
      notifier.send(RolloutNotification.WAITING_FOR_ASSESSMENT, view.progress(), "rollout " + spec.id() + " finished "
          + state.stageName() + " and waits for assessment: fleetroll rollout advance " + spec.id()
          + (state.lastStage() ? " ends it; its " + state.count(HostStatus.FAILED) + " failed host(s) can still be retried"
          + " (fleetroll rollout retry) or rolled back (fleetroll rollout abort --mode rollback)" : ""), List.of());
    }
  }

  /**
   * The failed-host gates hold while the stage runs, not only at its end: once the stage has more failed
   * hosts than {@code gates.max_failed_hosts} allows, the rollout pauses itself (hosts in flight finish)
   * rather than break the rest of the stage. An operator resumes (accepting those failures), retries or aborts.
   */
  void holdIfTooManyFailed() {
    if (!running()) {
      return; // with nothing left to start, the gates at the end of the stage judge
    }
    String why = gates.tooManyFailed(state.hosts.values(), state.stageIndex, state.acceptedFailures);
    if (why == null) {
      return;
    }
    state.pausedBy = Decision.ROLLOUT_ACTOR;
    state.decide("pause", Decision.ROLLOUT_ACTOR, why + ": no new host starts until 'fleetroll rollout resume'",
        Map.of("gate", "max_failed_hosts"), now());
    notifier.send(RolloutNotification.PAUSED_ON_GATE, view.progress(), "rollout " + spec.id() + " paused itself in "
        + state.stageName() + ": " + why, List.of(why));
  }

  /**
   * The outcome gates while the stage runs, so a change that hurts tasks stops before the whole stage
   * has it: a failing online or SSH gate, or success-rate gate once the hosts rolled out so far have done
   * enough work to judge (min_jobs_total), pauses the rollout (hosts in flight finish). Gates an operator
   * accepted (by resuming, or by forcing the advance into this stage) do not pause it again.
   */
  void judgeWhileRunning() {
    int index = state.stageIndex;
    if (!running() || state.hosts.values().stream().noneMatch(h -> h.stage() == index && h.status() == HostStatus.SUCCEEDED)) {
      return;
    }
    GateReport report = evaluate(index);
    List<GateResult> failing = StageGates.failingWhileRunning(report, state.acceptedGates);
    if (failing.isEmpty()) {
      return; // the report stays out of status: mid-stage, the workload gates fail as a matter of course
    }
    state.gateReport = report;
    state.pausedBy = Decision.ROLLOUT_ACTOR;
    List<String> lines = failing.stream().map(StageGates::line).toList();
    state.decide("pause", Decision.ROLLOUT_ACTOR, "gates fail while " + state.stageName() + " runs: "
        + String.join("; ", lines) + ": no new host starts until 'fleetroll rollout resume'",
        Map.of("gate", String.join(",", failing.stream().map(GateResult::gate).toList())), now());
    notifier.send(RolloutNotification.PAUSED_ON_GATE, view.progress(), "rollout " + spec.id() + " paused itself in "
        + state.stageName() + ": " + String.join("; ", lines), lines);
    view.publish();
  }

  /** The stage runs, unpaused, with hosts still to start: the gates may hold it. */
  private boolean running() {
    return !state.aborting && state.pausedBy == null && state.status == RolloutStatus.RUNNING
        && state.nextHost() != null;
  }

  private GateReport evaluate(int stage) {
    return gates.evaluate(state.hosts.values(), stage, state.stageName(), state.windowFloor());
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
