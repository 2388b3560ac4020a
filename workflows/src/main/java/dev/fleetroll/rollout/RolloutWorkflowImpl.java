package dev.fleetroll.rollout;

import dev.fleetroll.rollout.RolloutState.Phase;
import dev.fleetroll.rollout.lease.Leases;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.plan.StagePlanner;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rollout, read top to bottom as the runbook: lease every target, cut the stages, run each stage
 * with a sliding window of host pipelines ({@link StageRunner}), judge the stage's health gates, wait for
 * assessment (or soak and advance by itself: {@link GateWatch}), and at the end release what this rollout
 * still holds — or roll back. {@link #run} is a loop over the {@link Phase}s of its {@link RolloutState},
 * which is all the rollout carries across continue-as-new (taken only between stages or while waiting).
 * The operator's commands are {@link RolloutCommands}.
 */
public final class RolloutWorkflowImpl implements RolloutWorkflow {

  /** Who a cancel request (the Web UI's Cancel, {@code temporal workflow cancel}) is recorded as. */
  static final String CANCEL_ACTOR = "cancel-request";

  private final RolloutSpec spec;
  private final RolloutState state;
  private final RolloutView view;
  private final Leases leases;
  private final Notifier notifier = new Notifier();
  private final RolloutCommands commands;
  private final GateWatch gates;
  private final StageRunner stage;
  private final StartSchedule schedule;

  @WorkflowInit
  public RolloutWorkflowImpl(RolloutInput input) {
    spec = input.spec();
    state = input.state() != null ? input.state() : new RolloutState(spec.hosts(), now());
    schedule = new StartSchedule(spec, state);
    view = new RolloutView(spec, state, schedule);
    leases = Leases.of(spec);
    commands = new RolloutCommands(spec, state, view, leases, schedule);
    gates = GateWatch.of(spec, state, notifier, view, commands::advanceRequested);
    stage = new StageRunner(spec, state, view, gates, schedule);
  }

  /**
   * The Web UI's Cancel sends a cancel request: the host pipelines in flight are asked to stop (each
   * releases its worker), and the rollout then gives back what it still holds as a safe-stop abort would,
   * before it ends as cancelled.
   */
  @Override
  public RolloutResult run(RolloutInput input) {
    boolean signalsHandled = WorkflowChange.SIGNALS.version() == 1;
    commands.handleSignals(signalsHandled);
    schedule.followSchedule(WorkflowChange.SCHEDULE.version() == 1);
    try {
      view.publish();
      while (state.phase != Phase.FINISHING) {
        state.phase = switch (state.phase) {
          case STARTING -> leaseAndPlan();
          case RUNNING_STAGE -> runStage(signalsHandled);
          case JUDGING -> judgeStageEnd();
          case WAITING -> gates.waitAtStageEnd(() -> continueAsNewIfHistoryIsLong(Phase.WAITING));
          case ADVANCING -> advance();
          case FINISHING -> Phase.FINISHING;
        };
      }
      return finish();
    } catch (CanceledFailure cancelled) {
      if (WorkflowChange.RELEASE_ON_CANCEL.version() == 1) {
        Workflow.newDetachedCancellationScope(this::stopAfterCancel).run();
      }
      throw cancelled;
    }
  }

  // ---- the runbook, phase by phase --------------------------------------------------------------

  /**
   * A host leased by another running rollout is left out; the others are cut into stages. The canary starts
   * once its own leases are in ({@link WorkflowChange#CANARY_LEASES_FIRST}); the rest are asked for once its
   * hosts started (version 2) and awaited when it ends.
   */
  private Phase leaseAndPlan() {
    schedule.readTeamFreezes();
    List<Stage> planned = null;
    int leasesFirst = WorkflowChange.CANARY_LEASES_FIRST.version();
    if (leasesFirst >= 1) {
      planned = StagePlanner.plan(pendingTargets(), spec.policy().stages());
      Set<String> inPlanOrder = new LinkedHashSet<>();
      planned.forEach(s -> inPlanOrder.addAll(s.hosts()));
      inPlanOrder.addAll(state.hosts.keySet());
      boolean canaryAlone = leasesFirst >= 2 && !planned.isEmpty();
      if (canaryAlone) {
        leases.ask(planned.getFirst().hosts()); // the server starts these first
        inPlanOrder.removeAll(planned.getFirst().hosts());
      } else {
        leases.ask(inPlanOrder);
      }
      if (!planned.isEmpty() && excludeHeldElsewhere(leases.awaitAnswers(planned.getFirst().hosts()))) {
        planned = null; // a canary host is held elsewhere: cut the stages over the hosts actually leased
      }
      if (canaryAlone) {
        leases.askSoon(inPlanOrder); // once the canary's pipelines started
      }
    } else {
      leases.ask(state.hosts.keySet());
    }
    if (planned == null) {
      excludeHeldElsewhere(leases.awaitEveryAnswer());
      planned = StagePlanner.plan(pendingTargets(), spec.policy().stages());
    }
    state.stages = planned;
    state.placeInStages(state.stages);
    state.status = RolloutStatus.RUNNING;
    view.publish();
    return Phase.RUNNING_STAGE;
  }

  private List<HostTarget> pendingTargets() {
    return state.hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING).map(HostRecord::target).toList();
  }

  /** Leaves out the hosts another running rollout holds; true if there were any. */
  private boolean excludeHeldElsewhere(List<String> hosts) {
    for (String host : hosts) {
      state.hosts.put(host, state.hosts.get(host).excluded(HostStatus.EXCLUDED, "in another running rollout ("
          + RolloutIds.lease(host) + " is held)"));
    }
    return !hosts.isEmpty();
  }

  private Phase runStage(boolean signalsHandled) {
    if (state.aborting || state.stageIndex >= state.stages.size()) {
      return Phase.FINISHING;
    }
    state.status = RolloutStatus.RUNNING;
    view.publish();
    return stage.run(signalsHandled) ? Phase.JUDGING : Phase.FINISHING;
  }

  /**
   * The stage's hosts are done: its gates are judged. The last stage ends the rollout, unless an operator
   * retried a host (the stage runs again) or it waits for assessment ({@link GateWatch#lastStageWaits}).
   */
  private Phase judgeStageEnd() {
    excludeHeldElsewhere(leases.awaitEveryAnswer()); // the leases the canary did not wait for (none later)
    gates.judgeStageEnd();
    if (state.lastStage()) {
      if (state.hasRetriedHost()) {
        return Phase.RUNNING_STAGE;
      }
      if (!gates.lastStageWaits()) {
        return Phase.FINISHING;
      }
    }
    return Phase.WAITING;
  }

  /** Past the last stage, an advance ends the rollout; else the next stage starts, resized if the advance asked. */
  private Phase advance() {
    if (state.lastStage()) {
      return Phase.FINISHING;
    }
    Integer batch = commands.takeAdvance();
    if (batch != null) {
      state.stages = StagePlanner.resizeNext(state.stages, state.stageIndex + 1, batch);
      state.placeInStages(state.stages.subList(state.stageIndex + 1, state.stages.size()));
    }
    state.waitingSince = null;
    state.passingSince = null;
    state.stageStartedAt = null;
    state.acceptedFailures = 0;
    state.stageIndex++;
    state.status = RolloutStatus.RUNNING; // no second advance between two stages (published when the stage starts)
    continueAsNewIfHistoryIsLong(Phase.RUNNING_STAGE);
    return Phase.RUNNING_STAGE;
  }

  private RolloutResult finish() {
    excludeHeldElsewhere(leases.awaitEveryAnswer()); // aborted during the canary: what is not ours is not released
    commands.ending();
    if (state.aborting) {
      commands.abortSettles();
      Rollback rollback = new Rollback(spec, state.hosts, view::publish);
      rollback.releaseHostsWaitingAtTheEnd();
      for (HostRecord r : state.hostRecords()) {
        if (r.status() == HostStatus.PENDING) {
          state.hosts.put(r.host(), r.excluded(HostStatus.NOT_STARTED, "the rollout was aborted before its turn"));
        }
      }
      if (state.abortMode() == AbortMode.ROLLBACK) {
        state.status = RolloutStatus.ROLLING_BACK;
        view.publish();
        rollback.run(state.lastAbort().actor(), state.lastAbort().reason());
      }
    }
    int succeeded = state.count(HostStatus.SUCCEEDED);
    int failed = state.count(HostStatus.FAILED);
    state.status = state.aborting ? RolloutStatus.ABORTED
        : failed > 0 || succeeded == 0 ? RolloutStatus.COMPLETED_WITH_FAILURES : RolloutStatus.SUCCEEDED;
    releaseLeases();
    view.publish();
    gates.notifyEnd("rollout " + spec.id() + " ended: " + state.status.code() + ", " + succeeded + " of "
        + state.total() + " hosts succeeded, " + failed + " failed");
    notifier.settle();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(spec.id(), state.status, succeeded, failed, state.count(HostStatus.NOT_STARTED)
        + state.count(HostStatus.EXCLUDED) + state.count(HostStatus.SKIPPED), state.hostRecords(),
        view.progress().withHosts(List.of()));
  }

  private void stopAfterCancel() {
    if (commands.abortSettled()) { // cancelled while an abort settles (a rollback runs): the leases at least go back
      releaseLeases();
      return;
    }
    if (!state.aborting) {
      state.aborting = true;
      state.decide("abort", CANCEL_ACTOR, "cancelled in the Temporal Web UI or API: stopped as a safe-stop abort",
          Map.of("mode", AbortMode.SAFE_STOP.code()), now());
    }
    if (WorkflowChange.CANCEL_ASKS_HOSTS_TO_STOP.version() >= 1) {
      stage.stopHostsInFlight();
    } else {
      stage.awaitNoneRunning();
    }
    finish();
  }

  /** Ends the leases this rollout holds: hosts with a stage, not excluded since (an excluded host's went then). */
  private void releaseLeases() {
    leases.releaseAll(state.hosts.values().stream().filter(r -> r.stage() >= 0 && r.status() != HostStatus.EXCLUDED)
        .map(HostRecord::host).toList());
  }

  /**
   * A long history (hours of waiting add a few events per look at the gates) continues as new, in {@code phase}:
   * between stages, or waiting on at the end of the stage, unless a command just arrived (act on it first).
   */
  private void continueAsNewIfHistoryIsLong(Phase phase) {
    if (Workflow.getInfo().getHistoryLength() < spec.historyLimit() && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (phase == Phase.WAITING && (state.aborting || commands.advanceRequested() || state.hasRetriedHost())) {
      return;
    }
    notifier.settle();
    state.phase = phase;
    state.runs++;
    Workflow.continueAsNew(new RolloutInput(spec, state));
  }

  // ---- operator commands: RolloutCommands carries them out --------------------------------------

  @Override
  public RolloutProgress advance(OperatorCommand command) {
    return commands.advance(command);
  }

  @Override
  public void validateAdvance(OperatorCommand command) {
    CommandRules.advance(commands.rules(), command);
  }

  @Override
  public RolloutProgress pause(OperatorCommand command) {
    return commands.pause(command);
  }

  @Override
  public void validatePause(OperatorCommand command) {
    CommandRules.pause(commands.rules(), command);
  }

  @Override
  public RolloutProgress resume(OperatorCommand command) {
    return commands.resume(command);
  }

  @Override
  public void validateResume(OperatorCommand command) {
    CommandRules.resume(commands.rules(), command);
  }

  @Override
  public RolloutProgress abort(OperatorCommand command) {
    return commands.abort(command);
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    CommandRules.abort(commands.rules(), command);
  }

  @Override
  public RolloutProgress skip(OperatorCommand command) {
    return commands.skip(command);
  }

  @Override
  public void validateSkip(OperatorCommand command) {
    CommandRules.skip(commands.rules(), command);
  }

  @Override
  public RolloutProgress retry(OperatorCommand command) {
    return commands.retry(command);
  }

  @Override
  public void validateRetry(OperatorCommand command) {
    CommandRules.retry(commands.rules(), command);
  }

  @Override
  public RolloutProgress exclude(OperatorCommand command) {
    return commands.exclude(command);
  }

  @Override
  public void validateExclude(OperatorCommand command) {
    CommandRules.exclude(commands.rules(), command);
  }

  @Override
  public void pauseSignal(OperatorCommand command) {
    commands.signal("pause", command, CommandRules::pause, commands::pause);
  }

  @Override
  public void resumeSignal(OperatorCommand command) {
    commands.signal("resume", command, CommandRules::resume, commands::resume);
  }

  @Override
  public void abortSignal(OperatorCommand command) {
    commands.signal("abort", command, CommandRules::abort, commands::abort);
  }

  @Override
  public void freezesChanged(dev.fleetroll.rollout.freeze.TeamFreezes freezes) {
    schedule.heard(freezes);
    view.publish();
  }

  @Override
  public RolloutProgress progress() {
    return view.progress();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
