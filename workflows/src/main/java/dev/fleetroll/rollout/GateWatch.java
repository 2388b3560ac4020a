package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The rollout's health gates at work on its {@link RolloutState}: judged at the end of a stage, looked at again
 * while it waits, and watched while it runs. A new verdict is a decision; a failing one pauses the rollout and
 * tells people (the {@link Notifier}).
 */
final class GateWatch {

  private final RolloutSpec spec;
  private final RolloutState state;
  private final StageGates gates;
  private final Notifier notifier;
  private final RolloutView view;
  /** Whether a host of the current stage is still to start. */
  private final BooleanSupplier hostsToStart;

  GateWatch(RolloutSpec spec, RolloutState state, StageGates gates, Notifier notifier, RolloutView view,
      BooleanSupplier hostsToStart) {
    this.spec = spec;
    this.state = state;
    this.gates = gates;
    this.notifier = notifier;
    this.view = view;
    this.hostsToStart = hostsToStart;
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
  void look() {
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
  void enterWaiting() {
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
        && hostsToStart.getAsBoolean();
  }

  private GateReport evaluate(int stage) {
    return gates.evaluate(state.hosts.values(), stage, state.stageName(), state.windowFloor());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
