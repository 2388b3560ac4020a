package dev.fleetroll.rollout;

import dev.fleetroll.rollout.RolloutState.Phase;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.plan.StagePlanner;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The rollout, read top to bottom as the runbook: lease every target, cut the stages, run each stage
 * with a sliding window of host pipelines, judge the stage's health gates, wait for assessment (or
 * soak and advance by itself), and at the end release what this rollout still holds — or roll back.
 * {@link #run} is a loop over the {@link Phase}s of its {@link RolloutState}, which is all the rollout
 * carries across continue-as-new (taken only between stages or while waiting).
 *
 * <p>A rollout whose policy has no gates was started before issue 7: it runs as it did then (no gate,
 * no notification, {@code advance: auto} advances at once), which is also what keeps the recorded
 * histories of such rollouts replaying: {@link #beforeGates}.
 */
public final class RolloutWorkflowImpl implements RolloutWorkflow {

  /** Who a cancel request (the Web UI's Cancel, {@code temporal workflow cancel}) is recorded as. */
  static final String CANCEL_ACTOR = "cancel-request";

  private final RolloutSpec spec;
  private final RolloutState state;
  private final RolloutView view;
  /** A rollout without gates (started before issue 7): no gate is judged and nobody is notified. */
  private final boolean beforeGates;
  private final StageGates gates;
  private final GateWatch watch;
  private final Leases leases;
  private final Notifier notifier = new Notifier();
  /** The stage's host pipelines running now; empty whenever the state continues as new. */
  private final HostWindow<HostRecord, HostRolloutWorkflow> window;
  private final SignalCommands signals = new SignalCommands();
  // What a run does not carry: it never continues as new while an abort settles, while it ends, or with an
  // advance asked for and not yet made; signalsHandled is asked of the signals marker at the start of every run.
  /** Past this point a stronger abort mode would change nothing, so none is accepted. */
  private boolean abortSettled;
  /** The rollout is ending: its hosts are done, its leases being released. */
  private boolean ending;
  private boolean advanceRequested;
  private Integer advanceBatch;
  /** False in rollouts started before pause, resume and abort were signals: they ignored them. */
  private boolean signalsHandled;

  @WorkflowInit
  public RolloutWorkflowImpl(RolloutInput input) {
    spec = input.spec();
    state = input.state() != null ? input.state() : new RolloutState(spec.hosts(), now());
    view = new RolloutView(spec, state);
    beforeGates = spec.policy().gates() == null;
    gates = new StageGates(spec);
    leases = Leases.of(spec);
    window = new HostWindow<>(spec.policy().maxInFlight(), () -> next(state.stageIndex), () -> state.pausedBy != null,
        () -> state.aborting);
    watch = new GateWatch(spec, state, gates, notifier, view, () -> next(state.stageIndex) != null);
  }

  /**
   * The Web UI's Cancel sends a cancel request: the host pipelines in flight are asked to stop (each
   * releases its worker), and the rollout then gives back what it still holds as a safe-stop abort would,
   * before it ends as cancelled.
   */
  @Override
  public RolloutResult run(RolloutInput input) {
    signalsHandled = WorkflowChange.SIGNALS.version() == 1;
    try {
      view.publish();
      while (state.phase != Phase.FINISHING) {
        state.phase = switch (state.phase) {
          case STARTING -> leaseAndPlan();
          case RUNNING_STAGE -> runStage();
          case JUDGING -> judgeStageEnd();
          case WAITING -> beforeGates ? waitBeforeGates() : waitForAssessment();
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

  /** A host leased by another running rollout is left out; the others are cut into stages. */
  private Phase leaseAndPlan() {
    for (String host : leases.takeAll(state.hosts.keySet())) {
      state.hosts.put(host, state.hosts.get(host).excluded(HostStatus.EXCLUDED, "in another running rollout ("
          + RolloutIds.lease(host) + " is held)"));
    }
    List<HostTarget> leased = state.hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING)
        .map(HostRecord::target).toList();
    state.stages = StagePlanner.plan(leased, spec.policy().stages());
    placeInStages(state.stages);
    state.status = RolloutStatus.RUNNING;
    view.publish();
    return Phase.RUNNING_STAGE;
  }

  /**
   * The sliding window: at most max_in_flight pipelines; a slot refills the moment a host finishes.
   * While paused no host starts; those in flight run to their end (a host stopped between the write and
   * the health check would sit quarantined with an unproven override: abort safe-stop does that on purpose).
   */
  private Phase runStage() {
    if (state.aborting || state.stageIndex >= state.stages.size()) {
      return Phase.FINISHING;
    }
    state.status = RolloutStatus.RUNNING;
    view.publish();
    int looks = beforeGates ? Workflow.DEFAULT_VERSION : WorkflowChange.GATES_WHILE_STAGE_RUNS.version();
    if (looks == 1 && signalsHandled) {
      // Builds from the signals marker until issue 11 recorded version 1 with version 2's code (one timer per
      // look); the signals marker in their history tells them from the build of 2340203, which had none.
      looks = 2;
    }
    state.acceptedGates.clear();
    state.acceptedGates.addAll(StageGates.blockingGates(state.gateReport)); // a forced advance accepted them
    Instant nextLook = now().plus(gates.recheck()); // version 1: a timed wait per host started
    Promise<Void> lookDue = null; // version 2: one timer per look
    while (true) {
      if (looks >= 1 && state.pausedBy == null && next(state.stageIndex) != null) {
        boolean lookNow;
        if (looks == 1) {
          lookNow = !Workflow.await(atLeastASecond(Duration.between(now(), nextLook)), window::canMove);
        } else {
          Promise<Void> due = lookDue = lookDue != null ? lookDue : Workflow.newTimer(gates.recheck());
          Workflow.await(() -> window.canMove() || due.isCompleted());
          lookNow = due.isCompleted();
        }
        if (lookNow) {
          lookDue = null;
          watch.judgeWhileRunning();
          nextLook = now().plus(gates.recheck());
          continue;
        }
      } else {
        Workflow.await(window::canMove);
      }
      if (state.aborting) {
        stopHostsInFlight();
        return Phase.FINISHING;
      }
      if (window.done()) {
        return Phase.JUDGING;
      }
      window.startWhileFree(this::start);
      view.publish();
    }
  }

  /** Stop-new lets the hosts in flight finish; a stronger abort (also one that follows a stop-new) stops them. */
  private void stopHostsInFlight() {
    boolean stopped = false;
    while (!window.isEmpty()) {
      if (!stopped && state.abortMode() != AbortMode.STOP_NEW) {
        String actor = state.lastAbort().actor();
        for (HostRolloutWorkflow pipeline : window.children()) {
          Async.procedure(pipeline::abort, actor);
        }
        stopped = true;
      }
      boolean told = stopped;
      Workflow.await(() -> window.isEmpty() || (!told && state.abortMode() != AbortMode.STOP_NEW));
    }
  }

  /**
   * The stage's hosts are done: its gates are judged. The last stage ends the rollout, unless an operator
   * retried a host (the stage runs again) or it waits for assessment because a host failed: until the rollout
   * ends, an operator can still retry that host or roll it back (rollouts started before that ended at once,
   * {@link WorkflowChange#LAST_STAGE_WAITS}).
   */
  private Phase judgeStageEnd() {
    if (!beforeGates) {
      watch.judgeStageEnd();
    }
    if (state.lastStage()) {
      if (state.hasRetriedHost()) {
        return Phase.RUNNING_STAGE;
      }
      boolean waits = !beforeGates && state.count(HostStatus.FAILED) > 0 && WorkflowChange.LAST_STAGE_WAITS.version() >= 1;
      if (!waits) {
        return Phase.FINISHING;
      }
    }
    return Phase.WAITING;
  }

  /**
   * Waits at the end of a stage. Passing gates: waiting for assessment (manual), or soaking until the
   * gates have held for {@code gates.soak} (auto). Failing gates: paused on the gate; only a forced
   * advance moves on, unless a later look finds them passing again (then it waits for assessment, and
   * an auto rollout soaks afresh). The gates are looked at again every {@link StageGates#recheck()}.
   */
  private Phase waitForAssessment() {
    if (state.waitingSince == null) {
      state.waitingSince = now();
    }
    watch.enterWaiting();
    Instant nextLook = now().plus(gates.recheck());
    while (true) {
      if (state.aborting) {
        return Phase.FINISHING;
      }
      if (advanceRequested) {
        return advance();
      }
      if (state.hasRetriedHost()) {
        state.waitingSince = null; // the stage runs again; its next wait is a new one
        return Phase.RUNNING_STAGE;
      }
      Instant auto = view.autoAdvanceAt();
      if (auto != null && !now().isBefore(auto) && state.pausedBy == null) {
        decide("advance", Decision.ROLLOUT_ACTOR, "advance: auto; the gates held for " + HostRolloutWorkflowImpl.human(
            gates.policy().soak()), Map.of("auto", "true"));
        return advance();
      }
      Instant wake = auto != null && state.pausedBy == null && auto.isBefore(nextLook) ? auto : nextLook;
      String pausedBefore = state.pausedBy;
      boolean interrupted = Workflow.await(atLeastASecond(Duration.between(now(), wake)),
          () -> state.aborting || advanceRequested || state.hasRetriedHost() || !Objects.equals(state.pausedBy, pausedBefore));
      if (!interrupted) {
        watch.look();
        nextLook = now().plus(gates.recheck());
        continueAsNewIfHistoryIsLong(Phase.WAITING);
      }
    }
  }

  /** Before gates: wait for an operator in manual mode, advance at once in auto mode. */
  private Phase waitBeforeGates() {
    if (spec.policy().advance() == AdvanceMode.MANUAL) {
      state.status = RolloutStatus.WAITING_FOR_ASSESSMENT;
      state.waitingSince = now();
      view.publish();
      Workflow.await(() -> advanceRequested || state.aborting);
    }
    return state.aborting ? Phase.FINISHING : advance();
  }

  /** Past the last stage, an advance ends the rollout; else the next stage starts, resized if the advance asked. */
  private Phase advance() {
    if (state.lastStage()) {
      return Phase.FINISHING;
    }
    if (advanceBatch != null) {
      state.stages = StagePlanner.resizeNext(state.stages, state.stageIndex + 1, advanceBatch);
      placeInStages(state.stages.subList(state.stageIndex + 1, state.stages.size()));
    }
    advanceRequested = false;
    advanceBatch = null;
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
    ending = true; // from here on every command is refused: none could change the end any more
    if (state.aborting) {
      abortSettled = true;
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
    if (!beforeGates) {
      notifier.send(RolloutNotification.FINISHED, view.progress(), "rollout " + spec.id() + " ended: "
          + state.status.code() + ", " + succeeded + " of " + state.total() + " hosts succeeded, " + failed + " failed",
          StageGates.failing(state.gateReport));
    }
    notifier.settle();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(spec.id(), state.status, succeeded, failed, state.count(HostStatus.NOT_STARTED)
        + state.count(HostStatus.EXCLUDED) + state.count(HostStatus.SKIPPED), state.hostRecords(),
        view.progress().withHosts(List.of()));
  }

  private void stopAfterCancel() {
    if (abortSettled) { // cancelled while an abort settles (a rollback runs): the leases at least go back
      releaseLeases();
      return;
    }
    if (!state.aborting) {
      state.aborting = true;
      decide("abort", CANCEL_ACTOR, "cancelled in the Temporal Web UI or API: stopped as a safe-stop abort",
          Map.of("mode", AbortMode.SAFE_STOP.code()));
    }
    Workflow.await(window::isEmpty);
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
    if (phase == Phase.WAITING && (state.aborting || advanceRequested || state.hasRetriedHost())) {
      return;
    }
    notifier.settle();
    state.phase = phase;
    state.runs++;
    Workflow.continueAsNew(new RolloutInput(spec, state));
  }

  // ---- hosts ------------------------------------------------------------------------------------

  private void placeInStages(List<Stage> stages) {
    for (Stage stage : stages) {
      for (String host : stage.hosts()) {
        state.hosts.put(host, state.hosts.get(host).inStage(stage.index()));
      }
    }
  }

  /**
   * The stage's next host: pending ones in stage order, then hosts of earlier stages an operator
   * retried, then those moved to the end, first moved first.
   */
  private HostRecord next(int index) {
    if (state.aborting || index >= state.stages.size()) {
      return null;
    }
    for (String host : state.stages.get(index).hosts()) {
      if (state.hosts.get(host).status() == HostStatus.PENDING) {
        return state.hosts.get(host);
      }
    }
    for (HostRecord r : state.hosts.values()) {
      if (r.stage() >= 0 && r.stage() < index && r.status() == HostStatus.PENDING) {
        return r;
      }
    }
    return state.hosts.values().stream().filter(h -> h.stage() == index && h.status() == HostStatus.MOVED_TO_END)
        .min(Comparator.comparingLong(HostRecord::queuedAt)).orElse(null);
  }

  private void start(HostRecord record) {
    String host = record.host();
    Stage stage = state.stages.get(record.stage());
    HostRolloutWorkflow pipeline = Workflow.newChildWorkflowStub(HostRolloutWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(RolloutIds.host(spec.id(), host))
            // A rollout that is cancelled or terminated asks its hosts to stop; they release what they hold.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary("Apply override " + spec.overrideName() + " to " + host + " (" + stage.name() + ")")
            .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
                .set(SearchAttributes.KIND, HostRolloutWorkflow.KIND)
                .set(SearchAttributes.ROLLOUT_ID, spec.id())
                .set(SearchAttributes.HOST, host)
                .set(SearchAttributes.STAGE, stage.name())
                .set(SearchAttributes.OVERRIDE_SHA, spec.overrideSha())
                .set(SearchAttributes.ACTOR, spec.actor())
                .set(SearchAttributes.HOST_STEP, HostStep.PENDING.code())
                .build())
            .build());
    // The second pass is the one after a move to the end of the stage; a retry starts afresh.
    int pass = record.status() == HostStatus.MOVED_TO_END ? 2 : 1;
    HostRecord started = record.started(now());
    if (state.stageStartedAt == null) {
      state.stageStartedAt = started.startedAt();
    }
    state.hosts.put(host, started);
    HostRollout input = new HostRollout(new HostJob(spec.id(), spec.actor(), host, spec.overrideSha()),
        record.target(), stage.name(), pass, spec.policy(), record.touched(), spec.overrideContent());
    window.track(host, pipeline, Async.function(pipeline::run, input), (outcome, failure) -> finished(host, outcome, failure));
  }

  private void finished(String host, HostOutcome outcome, RuntimeException failure) {
    HostRecord record = state.hosts.get(host);
    if (outcome == null && failure instanceof ChildWorkflowFailure && failure.getCause() instanceof CanceledFailure
        && WorkflowChange.RELEASE_ON_CANCEL.version() == 1) {
      // A cancel request (the rollout's or the pipeline's own) stopped it; a cancelled workflow returns no
      // outcome, but its pipeline released the worker (its current details say if that failed). What an
      // earlier pass left on the host is still there.
      outcome = new HostOutcome(host, HostResult.ABORTED, new HostFailure(FailureType.INFRASTRUCTURE, HostStep.PENDING,
          "Cancelled", "cancelled in the Temporal Web UI or API"), false, null, null, null, null, record.startedAt(),
          now(), Map.of(), record.touched());
    } else if (outcome == null) {
      // The pipeline itself broke (terminated by hand, a bug): assume the worst about the worker and its override.
      boolean mayBeTouched = record.touched() || WorkflowChange.HOST_OVERRIDE_SAFETY.version() >= 1;
      outcome = HostOutcome.withoutOutcome(host, "HostWorkflowFailed", "workflow", failure,
          record.outcome() != null ? record.outcome().worker() : null, record.startedAt(), now(), mayBeTouched);
    }
    HostStatus next = switch (outcome.result()) {
      case SUCCEEDED -> HostStatus.SUCCEEDED;
      case FAILED -> HostStatus.FAILED;
      case ABORTED -> HostStatus.ABORTED;
      case MOVED_TO_END -> HostStatus.MOVED_TO_END;
    };
    long queue = next == HostStatus.MOVED_TO_END ? ++state.queueCounter : record.queuedAt();
    state.hosts.put(host, record.finished(next, outcome, queue));
    if (next == HostStatus.FAILED && !beforeGates) {
      watch.holdIfTooManyFailed();
    }
    view.publish();
  }

  // ---- operator commands ------------------------------------------------------------------------

  @Override
  public RolloutProgress advance(OperatorCommand command) {
    decide("advance", command);
    advanceRequested = true;
    advanceBatch = command.batchSize();
    return view.progress();
  }

  @Override
  public void validateAdvance(OperatorCommand command) {
    CommandRules.advance(rules(), command);
  }

  @Override
  public RolloutProgress pause(OperatorCommand command) {
    decide("pause", command);
    state.pausedBy = command.actor();
    view.publish();
    return view.progress();
  }

  @Override
  public void validatePause(OperatorCommand command) {
    CommandRules.pause(rules(), command);
  }

  @Override
  public RolloutProgress resume(OperatorCommand command) {
    decide("resume", command);
    state.pausedBy = null;
    state.acceptedFailures = StageGates.failedIn(state.hosts.values(), state.stageIndex); // the operator saw them
    state.acceptedGates.addAll(StageGates.blockingGates(state.gateReport));
    view.publish();
    return view.progress();
  }

  @Override
  public void validateResume(OperatorCommand command) {
    CommandRules.resume(rules(), command);
  }

  @Override
  public RolloutProgress abort(OperatorCommand command) {
    decide("abort", command);
    state.aborting = true;
    state.status = RolloutStatus.ABORTING;
    view.publish();
    return view.progress();
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    CommandRules.abort(rules(), command);
  }

  @Override
  public RolloutProgress skip(OperatorCommand command) {
    decide("skip", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.excluded(HostStatus.SKIPPED, "skipped by " + command.actor() + ": " + command.reason()));
    view.publish();
    return view.progress();
  }

  @Override
  public void validateSkip(OperatorCommand command) {
    CommandRules.skip(rules(), command);
  }

  @Override
  public RolloutProgress retry(OperatorCommand command) {
    decide("retry", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.with(HostStatus.PENDING));
    view.publish();
    return view.progress();
  }

  @Override
  public void validateRetry(OperatorCommand command) {
    CommandRules.retry(rules(), command);
  }

  @Override
  public RolloutProgress exclude(OperatorCommand command) {
    decide("exclude", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.excluded(HostStatus.EXCLUDED, "excluded by " + command.actor() + ": " + command.reason()));
    leases.release(r.host()); // the host may join another rollout now
    view.publish();
    return view.progress();
  }

  @Override
  public void validateExclude(OperatorCommand command) {
    CommandRules.exclude(rules(), command);
  }

  @Override
  public void pauseSignal(OperatorCommand command) {
    signal("pause", command, CommandRules::pause, this::pause);
  }

  @Override
  public void resumeSignal(OperatorCommand command) {
    signal("resume", command, CommandRules::resume, this::resume);
  }

  @Override
  public void abortSignal(OperatorCommand command) {
    signal("abort", command, CommandRules::abort, this::abort);
  }

  /**
   * A command sent as a signal: checked by the update's rules and then carried out by the update's own
   * handler. Its sender cannot be answered, so a refusal is recorded as a decision instead.
   */
  private void signal(String name, OperatorCommand sent, BiConsumer<CommandRules.View, OperatorCommand> rule,
      Consumer<OperatorCommand> handler) {
    if (!signalsHandled) {
      return;
    }
    OperatorCommand command = signals.received(name, sent);
    try {
      rule.accept(rules(), command);
    } catch (IllegalArgumentException | IllegalStateException refused) {
      state.decisions.add(SignalCommands.refusal(name, command, refused.getMessage(), now(), state.stageName(), state.gateReport));
      view.publish();
      return;
    }
    handler.accept(command);
  }

  private CommandRules.View rules() {
    return new CommandRules.View(spec.id(), state.status, state.pausedBy, state.aborting ? state.lastAbort().actor() : null,
        state.aborting ? state.abortMode() : null, abortSettled, advanceRequested, state.gateReport, state.hosts, ending, state.lastStage());
  }

  private void decide(String kind, OperatorCommand command) {
    decide(kind, command.actor(), command.reason(), CommandRules.parameters(command));
  }

  private void decide(String kind, String actor, String reason, Map<String, String> parameters) {
    state.decide(kind, actor, reason, parameters, now());
  }

  @Override
  public RolloutProgress progress() {
    return view.progress();
  }

  private static Duration atLeastASecond(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
