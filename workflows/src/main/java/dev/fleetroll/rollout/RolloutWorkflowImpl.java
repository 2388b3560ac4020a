package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.plan.StagePlanner;
import dev.fleetroll.temporal.PublishedSearchAttributes;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The rollout, read top to bottom as the runbook: lease every target, cut the stages, run each stage
 * with a sliding window of host pipelines, judge the stage's health gates, wait for assessment (or
 * soak and advance by itself), and at the end release what this rollout still holds — or roll back.
 * All state lives in fields that {@link #snapshot()} turns into one record for continue-as-new, taken
 * only between stages or while waiting.
 *
 * <p>A rollout whose policy has no gates was started before issue 7: it runs as it did then (no gate,
 * no notification, {@code advance: auto} advances at once), which is also what keeps the recorded
 * histories of such rollouts replaying.
 */
public final class RolloutWorkflowImpl implements RolloutWorkflow {

  /** Who a cancel request (the Web UI's Cancel, {@code temporal workflow cancel}) is recorded as. */
  static final String CANCEL_ACTOR = "cancel-request";

  /** What follows the wait at the end of a stage. */
  private enum Next { ADVANCE, RUN_AGAIN, STOP }

  private RolloutSpec spec;
  private StageGates gates;
  private Leases leases;
  private Notifier notifier;
  private RolloutStatus status = RolloutStatus.STARTING;
  private int stageIndex;
  private List<Stage> stages = List.of();
  private final Map<String, HostRecord> hosts = new LinkedHashMap<>();
  private final List<Decision> decisions = new ArrayList<>();
  private boolean aborting;
  /** Past this point a stronger abort mode would change nothing, so none is accepted. */
  private boolean abortSettled;
  /** The rollout is ending: its hosts are done, its leases being released. */
  private boolean ending;
  private boolean advanceRequested;
  private Integer advanceBatch;
  private String pausedBy;
  private GateReport gateReport;
  private Instant passingSince;
  private Instant stageStartedAt;
  /** Failed hosts of the stage an operator resumed past; only more of them pause it again. */
  private int acceptedFailures;
  /** Gates that failed when an operator resumed or forced the advance into this stage: they do not pause it again. */
  private final Set<String> acceptedGates = new TreeSet<>();
  private long queueCounter;
  private Instant startedAt;
  private Instant waitingSince;
  private int runs;
  /** The stage's host pipelines running now; empty whenever the state is snapshotted. */
  private HostWindow<HostRecord, HostRolloutWorkflow> window;
  private final PublishedSearchAttributes published = new PublishedSearchAttributes();
  /** False in rollouts started before pause, resume and abort were signals: they ignored them. */
  private boolean signalsHandled;
  private SignalCommands signals;

  /**
   * The Web UI's Cancel sends a cancel request: the host pipelines in flight are asked to stop (each
   * releases its worker), and the rollout then gives back what it still holds as a safe-stop abort would,
   * before it ends as cancelled.
   */
  @Override
  public RolloutResult run(RolloutInput input) {
    signalsHandled = WorkflowChange.SIGNALS.version() == 1;
    signals = new SignalCommands();
    try {
      return runbook(input);
    } catch (CanceledFailure cancelled) {
      if (WorkflowChange.RELEASE_ON_CANCEL.version() == 1) {
        Workflow.newDetachedCancellationScope(this::stopAfterCancel).run();
      }
      throw cancelled;
    }
  }

  private static boolean cancelled(RuntimeException failure) {
    return failure instanceof ChildWorkflowFailure && failure.getCause() instanceof CanceledFailure
        && WorkflowChange.RELEASE_ON_CANCEL.version() == 1;
  }

  private void stopAfterCancel() {
    if (abortSettled) { // cancelled while an abort settles (a rollback runs): the leases at least go back
      releaseLeases();
      return;
    }
    if (!aborting) {
      aborting = true;
      decide("abort", CANCEL_ACTOR, "cancelled in the Temporal Web UI or API: stopped as a safe-stop abort",
          Map.of("mode", AbortMode.SAFE_STOP.code()));
    }
    Workflow.await(window::isEmpty);
    finish();
  }

  private RolloutResult runbook(RolloutInput input) {
    spec = input.spec();
    gates = new StageGates(spec);
    leases = Leases.of(spec);
    window = new HostWindow<>(spec.policy().maxInFlight(), () -> next(stageIndex), () -> pausedBy != null, () -> aborting);
    notifier = new Notifier();
    if (input.state() == null) {
      startedAt = now();
      for (HostTarget target : spec.hosts()) {
        hosts.put(target.host(), new HostRecord(target, -1, HostStatus.PENDING, 0, null, 0, null, null));
      }
    } else {
      restore(input.state());
    }
    publish();

    if (status == RolloutStatus.STARTING) {
      leaseEveryTarget();
      planStages();
    }
    // A rollout that continued as new while waiting goes back to waiting, its stage long done.
    boolean waiting = input.state() != null && Boolean.TRUE.equals(input.state().waiting());
    while (!aborting && stageIndex < stages.size()) {
      if (!waiting) {
        runStage(stageIndex);
        if (aborting) {
          break;
        }
        if (gated()) {
          judgeStageEnd();
        }
        if (lastStage()) {
          if (hasRetriedHost()) {
            continue;
          }
          if (!lastStageWaits()) {
            break;
          }
        }
      }
      waiting = false;
      Next next = gated() ? assess() : legacyAssess();
      if (next == Next.RUN_AGAIN) {
        waitingSince = null; // the stage runs again; its next wait is a new one
        continue;
      }
      if (next == Next.STOP || lastStage()) {
        break; // past the last stage, an advance ends the rollout
      }
      advanceStage();
      continueAsNewIfHistoryIsLong();
    }
    return finish();
  }

  // ---- the runbook ------------------------------------------------------------------------------

  /** A host leased by another running rollout is left out. */
  private void leaseEveryTarget() {
    for (String host : leases.takeAll(hosts.keySet())) {
      hosts.put(host, hosts.get(host).excluded(HostStatus.EXCLUDED, "in another running rollout ("
          + RolloutIds.lease(host) + " is held)"));
    }
  }

  private void planStages() {
    List<HostTarget> leased = hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING)
        .map(HostRecord::target).toList();
    stages = StagePlanner.plan(leased, spec.policy().stages());
    for (Stage stage : stages) {
      for (String host : stage.hosts()) {
        hosts.put(host, hosts.get(host).inStage(stage.index()));
      }
    }
    status = RolloutStatus.RUNNING;
    publish();
  }

  /**
   * The sliding window: at most max_in_flight pipelines; a slot refills the moment a host finishes.
   * While paused no host starts; those in flight run to their end (a host stopped between the write and
   * the health check would sit quarantined with an unproven override: abort safe-stop does that on purpose).
   */
  private void runStage(int index) {
    if (!aborting) {
      status = RolloutStatus.RUNNING;
    }
    publish();
    int slots = spec.policy().maxInFlight();
    int looks = gated() ? WorkflowChange.GATES_WHILE_STAGE_RUNS.version() : Workflow.DEFAULT_VERSION;
    if (looks == 1 && signalsHandled) {
      // Builds from the signals marker until issue 11 recorded version 1 with version 2's code (one timer per
      // look); the signals marker in their history tells them from the build of 2340203, which had none.
      looks = 2;
    }
    acceptedGates.clear();
    acceptedGates.addAll(StageGates.blockingGates(gateReport)); // a forced advance accepted them
    Instant nextLook = now().plus(gates.recheck()); // version 1: a timed wait per host started
    Promise<Void> lookDue = null; // version 2: one timer per look
    while (true) {
      if (looks >= 1 && pausedBy == null && next(index) != null) {
        boolean lookNow;
        if (looks == 1) {
          Duration untilLook = Duration.between(now(), nextLook);
          lookNow = !Workflow.await(untilLook.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : untilLook,
              window::canMove);
        } else {
          if (lookDue == null) {
            lookDue = Workflow.newTimer(gates.recheck());
          }
          Promise<Void> due = lookDue;
          Workflow.await(() -> window.canMove() || due.isCompleted());
          lookNow = due.isCompleted();
        }
        if (lookNow) {
          lookDue = null;
          judgeWhileRunning(index);
          nextLook = now().plus(gates.recheck());
          continue;
        }
      } else {
        Workflow.await(window::canMove);
      }
      if (aborting) {
        break;
      }
      if (window.done()) {
        return;
      }
      window.startWhileFree(this::start);
      publish();
    }
    // Stop-new lets the hosts in flight finish; a stronger abort (also one that follows a stop-new) stops them.
    boolean stopped = false;
    while (!window.isEmpty()) {
      if (!stopped && abortMode() != AbortMode.STOP_NEW) {
        String actor = lastAbort().actor();
        for (HostRolloutWorkflow pipeline : window.children()) {
          Async.procedure(pipeline::abort, actor);
        }
        stopped = true;
      }
      boolean told = stopped;
      Workflow.await(() -> window.isEmpty() || (!told && abortMode() != AbortMode.STOP_NEW));
    }
  }

  /** The gates at the end of a stage (the last one too: its verdict is part of the record). */
  private void judgeStageEnd() {
    gateReport = gates.evaluate(hosts.values(), stageIndex, stageName(), windowFloor());
    passingSince = gateReport.passed() ? now() : null;
    decide("gates", Decision.ROLLOUT_ACTOR, "stage " + stageName() + " ended: " + StageGates.verdict(gateReport), Map.of());
    publish();
  }

  /**
   * Waits at the end of a stage. Passing gates: waiting for assessment (manual), or soaking until the
   * gates have held for {@code gates.soak} (auto). Failing gates: paused on the gate; only a forced
   * advance moves on, unless a later look finds them passing again (then it waits for assessment, and
   * an auto rollout soaks afresh). The gates are looked at again every {@link StageGates#recheck()}.
   */
  private Next assess() {
    if (waitingSince == null) {
      waitingSince = now();
    }
    enterWaiting();
    Instant nextLook = now().plus(gates.recheck());
    while (true) {
      if (aborting) {
        return Next.STOP;
      }
      if (advanceRequested) {
        return Next.ADVANCE;
      }
      if (hasRetriedHost()) {
        return Next.RUN_AGAIN;
      }
      Instant auto = autoAdvanceAt();
      if (auto != null && !now().isBefore(auto) && pausedBy == null) {
        decide("advance", Decision.ROLLOUT_ACTOR, "advance: auto; the gates held for " + HostRolloutWorkflowImpl.human(
            gates.policy().soak()), Map.of("auto", "true"));
        return Next.ADVANCE;
      }
      Instant wake = auto != null && pausedBy == null && auto.isBefore(nextLook) ? auto : nextLook;
      Duration sleep = Duration.between(now(), wake);
      String pausedBefore = pausedBy;
      boolean interrupted = Workflow.await(sleep.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : sleep,
          () -> aborting || advanceRequested || hasRetriedHost() || !Objects.equals(pausedBy, pausedBefore));
      if (!interrupted) {
        look();
        nextLook = now().plus(gates.recheck());
        continueAsNewWhileWaitingIfHistoryIsLong();
      }
    }
  }

  /** Before gates: wait for an operator in manual mode, advance at once in auto mode. */
  private Next legacyAssess() {
    if (spec.policy().advance() == AdvanceMode.MANUAL) {
      status = RolloutStatus.WAITING_FOR_ASSESSMENT;
      waitingSince = now();
      publish();
      Workflow.await(() -> advanceRequested || aborting);
    }
    return aborting ? Next.STOP : Next.ADVANCE;
  }

  /** Another look at the gates while waiting; a new verdict is a decision and may change the state. */
  private void look() {
    GateReport before = gateReport;
    gateReport = gates.evaluate(hosts.values(), stageIndex, stageName(), windowFloor());
    if (!StageGates.sameVerdict(before, gateReport)) {
      passingSince = gateReport.passed() ? now() : null;
      decide("gates", Decision.ROLLOUT_ACTOR, StageGates.verdict(gateReport)
          + (gateReport.passed() ? "; waiting for assessment again" : ""), Map.of());
      enterWaiting();
    }
    publish();
  }

  /** Waiting for assessment or paused on a gate, as the latest report says; people hear of a change. */
  private void enterWaiting() {
    RolloutStatus wanted = gateReport == null || gateReport.passed() ? RolloutStatus.WAITING_FOR_ASSESSMENT
        : RolloutStatus.PAUSED_ON_GATE;
    boolean changed = wanted != status;
    status = wanted;
    publish();
    if (!changed) {
      return;
    }
    if (wanted == RolloutStatus.PAUSED_ON_GATE) {
      notifier.send(RolloutNotification.PAUSED_ON_GATE, progress(), "rollout " + spec.id() + " is paused at the end of "
          + stageName() + ": " + StageGates.verdict(gateReport), StageGates.failing(gateReport));
    } else if (spec.policy().advance() == AdvanceMode.MANUAL) {
      notifier.send(RolloutNotification.WAITING_FOR_ASSESSMENT, progress(), "rollout " + spec.id() + " finished "
          + stageName() + " and waits for assessment: fleetroll rollout advance " + spec.id()
          + (lastStage() ? " ends it; its " + count(HostStatus.FAILED) + " failed host(s) can still be retried"
          + " (fleetroll rollout retry) or rolled back (fleetroll rollout abort --mode rollback)" : ""), List.of());
    }
  }

  /** With advance: auto and passing gates, when the soak ends; else null. */
  private Instant autoAdvanceAt() {
    if (!gated() || spec.policy().advance() != AdvanceMode.AUTO || passingSince == null || gateReport == null
        || !gateReport.passed() || status.finished()) {
      return null;
    }
    return passingSince.plus(gates.policy().soak());
  }

  private void advanceStage() {
    if (advanceBatch != null) {
      stages = StagePlanner.resizeNext(stages, stageIndex + 1, advanceBatch);
      for (Stage stage : stages.subList(stageIndex + 1, stages.size())) {
        for (String host : stage.hosts()) {
          hosts.put(host, hosts.get(host).inStage(stage.index()));
        }
      }
    }
    advanceRequested = false;
    advanceBatch = null;
    waitingSince = null;
    passingSince = null;
    stageStartedAt = null;
    acceptedFailures = 0;
    stageIndex++;
    status = RolloutStatus.RUNNING; // no second advance between two stages (published when the stage starts)
  }

  /** Ends the leases this rollout holds: hosts with a stage, not excluded since (an excluded host's went then). */
  private void releaseLeases() {
    leases.releaseAll(hosts.values().stream().filter(r -> r.stage() >= 0 && r.status() != HostStatus.EXCLUDED)
        .map(HostRecord::host).toList());
  }

  private RolloutResult finish() {
    ending = true; // from here on every command is refused: none could change the end any more
    if (aborting) {
      abortSettled = true;
      releaseHostsWaitingAtTheEnd();
      for (HostRecord r : List.copyOf(hosts.values())) {
        if (r.status() == HostStatus.PENDING) {
          hosts.put(r.host(), r.excluded(HostStatus.NOT_STARTED, "the rollout was aborted before its turn"));
        }
      }
      if (abortMode() == AbortMode.ROLLBACK) {
        status = RolloutStatus.ROLLING_BACK;
        publish();
        new Rollback(spec, hosts, this::publish).run(lastAbort().actor(), lastAbort().reason());
      }
    }
    int succeeded = count(HostStatus.SUCCEEDED);
    int failed = count(HostStatus.FAILED);
    status = aborting ? RolloutStatus.ABORTED
        : failed > 0 || succeeded == 0 ? RolloutStatus.COMPLETED_WITH_FAILURES : RolloutStatus.SUCCEEDED;
    releaseLeases();
    publish();
    if (gated()) {
      notifier.send(RolloutNotification.FINISHED, progress(), "rollout " + spec.id() + " ended: " + status.code() + ", "
          + succeeded + " of " + total() + " hosts succeeded, " + failed + " failed", StageGates.failing(gateReport));
      notifier.settle();
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(spec.id(), status, succeeded, failed,
        count(HostStatus.NOT_STARTED) + count(HostStatus.EXCLUDED) + count(HostStatus.SKIPPED), List.copyOf(hosts.values()),
        progress().withHosts(List.of()));
  }

  // ---- hosts ------------------------------------------------------------------------------------

  /**
   * The stage's next host: pending ones in stage order, then hosts of earlier stages an operator
   * retried, then those moved to the end, first moved first.
   */
  private HostRecord next(int index) {
    if (aborting || index >= stages.size()) {
      return null;
    }
    for (String host : stages.get(index).hosts()) {
      if (hosts.get(host).status() == HostStatus.PENDING) {
        return hosts.get(host);
      }
    }
    for (HostRecord r : hosts.values()) {
      if (r.stage() >= 0 && r.stage() < index && r.status() == HostStatus.PENDING) {
        return r;
      }
    }
    return hosts.values().stream().filter(h -> h.stage() == index && h.status() == HostStatus.MOVED_TO_END)
        .min(Comparator.comparingLong(HostRecord::queuedAt)).orElse(null);
  }

  /**
   * The last stage waits for assessment like the others when a host of the rollout failed: until the
   * rollout ends, an operator can still retry that host or roll it back. Rollouts started before it ended
   * at once ({@link WorkflowChange#LAST_STAGE_WAITS}).
   */
  private boolean lastStageWaits() {
    return gated() && count(HostStatus.FAILED) > 0 && WorkflowChange.LAST_STAGE_WAITS.version() >= 1;
  }

  private boolean lastStage() {
    return stageIndex == stages.size() - 1;
  }

  /** A failed host an operator retried after its stage ended (pending again, after a pass): the stage runs again for it. */
  private boolean hasRetriedHost() {
    return hosts.values().stream().anyMatch(r -> r.stage() >= 0 && r.stage() <= stageIndex
        && r.status() == HostStatus.PENDING && r.passes() > 0);
  }

  private void start(HostRecord record) {
    String host = record.host();
    Stage stage = stages.get(record.stage());
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
    if (stageStartedAt == null) {
      stageStartedAt = started.startedAt();
    }
    hosts.put(host, started);
    HostRollout input = new HostRollout(new HostJob(spec.id(), spec.actor(), host, spec.overrideSha()),
        record.target(), stage.name(), pass, spec.policy(), record.touched(), spec.overrideContent());
    window.track(host, pipeline, Async.function(pipeline::run, input), (outcome, failure) -> finished(host, outcome, failure));
  }

  private void finished(String host, HostOutcome outcome, RuntimeException failure) {
    HostRecord record = hosts.get(host);
    if (outcome == null && cancelled(failure)) {
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
    long queue = next == HostStatus.MOVED_TO_END ? ++queueCounter : record.queuedAt();
    hosts.put(host, record.finished(next, outcome, queue));
    if (next == HostStatus.FAILED) {
      holdIfTooManyFailed();
    }
    publish();
  }

  /**
   * The failed-host gates hold while the stage runs, not only at its end: once the stage has more failed
   * hosts than {@code gates.max_failed_hosts} allows, the rollout pauses itself (hosts in flight finish)
   * rather than break the rest of the stage. An operator resumes (accepting those failures), retries or aborts.
   */
  private void holdIfTooManyFailed() {
    if (!gated() || aborting || pausedBy != null || status != RolloutStatus.RUNNING || next(stageIndex) == null) {
      return; // with nothing left to start, the gates at the end of the stage judge
    }
    String why = gates.tooManyFailed(hosts.values(), stageIndex, acceptedFailures);
    if (why == null) {
      return;
    }
    pausedBy = Decision.ROLLOUT_ACTOR;
    decide("pause", Decision.ROLLOUT_ACTOR, why + ": no new host starts until 'fleetroll rollout resume'",
        Map.of("gate", "max_failed_hosts"));
    notifier.send(RolloutNotification.PAUSED_ON_GATE, progress(), "rollout " + spec.id() + " paused itself in "
        + stageName() + ": " + why, List.of(why));
  }

  /**
   * The outcome gates while the stage runs, so a change that hurts tasks stops before the whole stage
   * has it: a failing online or SSH gate, or success-rate gate once the hosts rolled out so far have done
   * enough work to judge (min_jobs_total), pauses the rollout (hosts in flight finish). Gates an operator
   * accepted (by resuming, or by forcing the advance into this stage) do not pause it again.
   */
  private void judgeWhileRunning(int index) {
    if (aborting || pausedBy != null || next(index) == null || status != RolloutStatus.RUNNING
        || hosts.values().stream().noneMatch(h -> h.stage() == index && h.status() == HostStatus.SUCCEEDED)) {
      return;
    }
    GateReport report = gates.evaluate(hosts.values(), index, stageName(), windowFloor());
    List<GateResult> failing = StageGates.failingWhileRunning(report, acceptedGates);
    if (failing.isEmpty()) {
      return; // the report stays out of status: mid-stage, the workload gates fail as a matter of course
    }
    gateReport = report;
    pausedBy = Decision.ROLLOUT_ACTOR;
    List<String> lines = failing.stream().map(StageGates::line).toList();
    decide("pause", Decision.ROLLOUT_ACTOR, "gates fail while " + stageName() + " runs: " + String.join("; ", lines)
        + ": no new host starts until 'fleetroll rollout resume'",
        Map.of("gate", String.join(",", failing.stream().map(GateResult::gate).toList())));
    notifier.send(RolloutNotification.PAUSED_ON_GATE, progress(), "rollout " + spec.id() + " paused itself in "
        + stageName() + ": " + String.join("; ", lines), lines);
    publish();
  }

  /**
   * After an abort, hosts moved to the end of their stage are still quarantined by us: release them, unless
   * the host carries the override from an earlier pass (a retried host), which Puppet has not verified.
   */
  private void releaseHostsWaitingAtTheEnd() {
    for (HostRecord r : List.copyOf(hosts.values())) {
      if (r.status() != HostStatus.MOVED_TO_END) {
        continue;
      }
      WorkerRef worker = r.outcome().worker();
      String note;
      boolean held = true;
      if (r.touched()) {
        note = "aborted while waiting at the end of its stage; override " + spec.overrideSha().substring(0, 12)
            + " may be on the host from an earlier pass and Puppet has not verified it: the worker stays quarantined";
      } else {
        try {
          Workflow.newActivityStub(WorkerActivities.class,
                  HostRunbook.taskclusterStep("Release " + worker + " (rollout aborted)", spec.policy()))
              .release(new HostJob(spec.id(), spec.actor(), r.host(), spec.overrideSha()), worker);
          held = false;
          note = "aborted while waiting at the end of its stage; released";
        } catch (ActivityFailure e) {
          note = "aborted while waiting at the end of its stage; the release failed: " + e.getCause().getMessage();
        }
      }
      HostOutcome o = r.outcome();
      HostOutcome released = new HostOutcome(o.host(), HostResult.ABORTED, new HostFailure(FailureType.INFRASTRUCTURE,
          HostStep.DRAIN, "Aborted", note), held, worker, o.override(), o.puppet(), o.health(), o.startedAt(), now(),
          o.stepDurations(), o.overrideTouched());
      hosts.put(r.host(), r.finished(HostStatus.ABORTED, released, r.queuedAt()));
    }
  }

  private void continueAsNewIfHistoryIsLong() {
    if (!historyIsLong()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (gated()) {
      notifier.settle();
    }
    Workflow.continueAsNew(new RolloutInput(spec, snapshot(false)));
  }

  /** Hours of waiting add a few events per look at the gates: a long wait continues as new too. */
  private void continueAsNewWhileWaitingIfHistoryIsLong() {
    if (!historyIsLong()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (aborting || advanceRequested || hasRetriedHost()) {
      return; // a command just arrived: act on it first
    }
    notifier.settle();
    Workflow.continueAsNew(new RolloutInput(spec, snapshot(true)));
  }

  private boolean historyIsLong() {
    return Workflow.getInfo().getHistoryLength() >= spec.historyLimit() || Workflow.getInfo().isContinueAsNewSuggested();
  }

  // ---- operator commands ------------------------------------------------------------------------

  @Override
  public RolloutProgress advance(OperatorCommand command) {
    decide("advance", command);
    advanceRequested = true;
    advanceBatch = command.batchSize();
    return progress();
  }

  @Override
  public void validateAdvance(OperatorCommand command) {
    CommandRules.advance(view(), command);
  }

  @Override
  public RolloutProgress pause(OperatorCommand command) {
    decide("pause", command);
    pausedBy = command.actor();
    publish();
    return progress();
  }

  @Override
  public void validatePause(OperatorCommand command) {
    CommandRules.pause(view(), command);
  }

  @Override
  public RolloutProgress resume(OperatorCommand command) {
    decide("resume", command);
    pausedBy = null;
    acceptedFailures = StageGates.failedIn(hosts.values(), stageIndex); // the operator saw them
    acceptedGates.addAll(StageGates.blockingGates(gateReport));
    publish();
    return progress();
  }

  @Override
  public void validateResume(OperatorCommand command) {
    CommandRules.resume(view(), command);
  }

  @Override
  public RolloutProgress abort(OperatorCommand command) {
    decide("abort", command);
    aborting = true;
    status = RolloutStatus.ABORTING;
    publish();
    return progress();
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    CommandRules.abort(view(), command);
  }

  @Override
  public RolloutProgress skip(OperatorCommand command) {
    decide("skip", command);
    HostRecord r = hosts.get(command.host());
    hosts.put(r.host(), r.excluded(HostStatus.SKIPPED, "skipped by " + command.actor() + ": " + command.reason()));
    publish();
    return progress();
  }

  @Override
  public void validateSkip(OperatorCommand command) {
    CommandRules.skip(view(), command);
  }

  @Override
  public RolloutProgress retry(OperatorCommand command) {
    decide("retry", command);
    HostRecord r = hosts.get(command.host());
    hosts.put(r.host(), r.with(HostStatus.PENDING));
    publish();
    return progress();
  }

  @Override
  public void validateRetry(OperatorCommand command) {
    CommandRules.retry(view(), command);
  }

  @Override
  public RolloutProgress exclude(OperatorCommand command) {
    decide("exclude", command);
    HostRecord r = hosts.get(command.host());
    hosts.put(r.host(), r.excluded(HostStatus.EXCLUDED, "excluded by " + command.actor() + ": " + command.reason()));
    leases.release(r.host()); // the host may join another rollout now
    publish();
    return progress();
  }

  @Override
  public void validateExclude(OperatorCommand command) {
    CommandRules.exclude(view(), command);
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
      rule.accept(view(), command);
    } catch (IllegalArgumentException | IllegalStateException refused) {
      decisions.add(SignalCommands.refusal(name, command, refused.getMessage(), now(), stageName(), gateReport));
      publish();
      return;
    }
    handler.accept(command);
  }

  private CommandRules.View view() {
    return new CommandRules.View(spec.id(), status, pausedBy, aborting ? lastAbort().actor() : null,
        aborting ? abortMode() : null, abortSettled, advanceRequested, gateReport, hosts, ending, lastStage());
  }

  private void decide(String kind, OperatorCommand command) {
    decide(kind, command.actor(), command.reason(), CommandRules.parameters(command));
  }

  private void decide(String kind, String actor, String reason, Map<String, String> parameters) {
    decisions.add(new Decision(kind, actor, now(), reason, stageName(), parameters, gateReport));
  }

  private Decision lastAbort() {
    for (int i = decisions.size() - 1; i >= 0; i--) {
      if (decisions.get(i).kind().equals("abort")) {
        return decisions.get(i);
      }
    }
    return new Decision("abort", "unknown", null, null, null);
  }

  /** The mode of the abort under way (safe-stop for aborts recorded before modes existed). */
  private AbortMode abortMode() {
    Map<String, String> parameters = lastAbort().parameters();
    String mode = parameters == null ? null : parameters.get("mode");
    return mode == null ? AbortMode.SAFE_STOP : AbortMode.of(mode);
  }

  // ---- progress, search attributes and current details ------------------------------------------

  @Override
  public RolloutProgress progress() {
    List<StageProgress> stageProgress = stages.stream().map(stage -> StageProgress.of(stage, hosts)).toList();
    Instant now = now();
    List<Duration> done = hosts.values().stream().filter(h -> h.status() == HostStatus.SUCCEEDED)
        .map(h -> h.outcome().duration()).toList();
    List<Duration> running = hosts.values().stream().filter(h -> h.status() == HostStatus.IN_FLIGHT)
        .map(h -> Duration.between(h.startedAt(), now)).toList();
    int waiting = count(HostStatus.PENDING) + count(HostStatus.MOVED_TO_END);
    Duration eta = status.finished() ? Duration.ZERO
        : Eta.estimate(done, spec.expectedHostDuration(), waiting, running, spec.policy().maxInFlight());
    int excluded = spec.excluded().size() + count(HostStatus.EXCLUDED);
    boolean waitingNow = status == RolloutStatus.WAITING_FOR_ASSESSMENT || status == RolloutStatus.PAUSED_ON_GATE;
    return new RolloutProgress(spec.id(), spec.name(), spec.actor(), spec.overrideSha(), spec.overrideName(), shownStatus(),
        stageIndex, stageProgress, total(), count(HostStatus.SUCCEEDED), count(HostStatus.FAILED), count(HostStatus.IN_FLIGHT),
        waiting, excluded, List.copyOf(hosts.values()), List.copyOf(decisions), startedAt, waitingNow ? waitingSince : null,
        eta, spec.policy().maxInFlight(), spec.policy().advance(), gateReport, waitingNow ? autoAdvanceAt() : null,
        pausedBy);
  }

  /** The status people see: paused while an operator holds the rollout, whatever phase it is in. */
  private RolloutStatus shownStatus() {
    return pausedBy != null && !aborting && !status.finished() ? RolloutStatus.PAUSED : status;
  }

  /** Search attributes that changed, and the Web UI's current details. */
  private void publish() {
    published.set(SearchAttributes.KIND, RolloutWorkflow.KIND)
        .set(SearchAttributes.ROLLOUT_ID, spec.id())
        .set(SearchAttributes.ACTOR, spec.actor())
        .set(SearchAttributes.OVERRIDE_SHA, spec.overrideSha())
        .set(SearchAttributes.ROLLOUT_STATE, shownStatus().code())
        .set(SearchAttributes.STAGE, stageName())
        .set(SearchAttributes.HOSTS_TOTAL, (long) total())
        .set(SearchAttributes.HOSTS_DONE, (long) count(HostStatus.SUCCEEDED))
        .set(SearchAttributes.HOSTS_FAILED, (long) count(HostStatus.FAILED));
    published.upsert();
    Workflow.setCurrentDetails(RolloutDetails.markdown(progress(), spec));
  }


  // ---- state ------------------------------------------------------------------------------------

  /** @param waiting whether the next run goes straight back to waiting at the end of the current stage */
  private RolloutState snapshot(boolean waiting) {
    return new RolloutState(status, stageIndex, stages, List.copyOf(hosts.values()), List.copyOf(decisions), aborting,
        queueCounter, startedAt, runs + 1, pausedBy, gateReport, waitingSince, passingSince, stageStartedAt, waiting,
        acceptedFailures, List.copyOf(acceptedGates));
  }

  private void restore(RolloutState state) {
    status = state.status();
    stageIndex = state.stageIndex();
    stages = state.stages();
    state.hosts().forEach(h -> hosts.put(h.host(), h));
    decisions.addAll(state.decisions());
    aborting = state.aborting();
    queueCounter = state.queueCounter();
    startedAt = state.startedAt();
    runs = state.runs();
    pausedBy = state.pausedBy();
    gateReport = state.gates();
    waitingSince = state.waitingSince();
    passingSince = state.passingSince();
    stageStartedAt = state.stageStartedAt();
    acceptedFailures = state.acceptedFailures() != null ? state.acceptedFailures() : 0;
    if (state.acceptedGates() != null) {
      acceptedGates.addAll(state.acceptedGates());
    }
  }

  /**
   * Tasks from before this point say nothing about the stage: its first host's start, or, when no host
   * of the stage started (all skipped or excluded), the rollout's own start.
   */
  private Instant windowFloor() {
    return stageStartedAt != null ? stageStartedAt : startedAt;
  }

  /** Whether this rollout has health gates (every rollout started since issue 7). */
  private boolean gated() {
    return spec.policy().gates() != null;
  }

  private String stageName() {
    return stages.isEmpty() ? "" : stages.get(Math.min(stageIndex, stages.size() - 1)).name();
  }

  private int total() {
    return (int) hosts.values().stream().filter(h -> h.status() != HostStatus.EXCLUDED).count();
  }

  private int count(HostStatus s) {
    return (int) hosts.values().stream().filter(h -> h.status() == s).count();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
