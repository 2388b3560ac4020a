package dev.fleetroll.rollout;

import dev.fleetroll.rollout.capacity.CapacityGuard;
import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostFailure;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRollout;
import dev.fleetroll.rollout.host.HostRolloutWorkflow;
import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.rollout.host.HostWindow;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One stage of a rollout: its hosts' pipelines in a {@link HostWindow} (at most max_in_flight; a slot refills
 * the moment a host finishes), the gates watched while it runs, each host's outcome written into the
 * {@link RolloutState}. While paused no host starts; those in flight run to their end (a host stopped between
 * the write and the health check would sit quarantined with an unproven override: abort safe-stop does that
 * on purpose).
 */
final class StageRunner {

  private final RolloutSpec spec;
  private final RolloutState state;
  private final RolloutView view;
  private final GateWatch watch;
  private final StartSchedule schedule;
  /** The stage's host pipelines running now; empty whenever the state continues as new. */
  private final HostWindow<HostRecord, HostRolloutWorkflow> window;
  /** The pools' capacity floors: a host whose pool cannot spare its worker waits, others go ahead. */
  private final CapacityGuard capacity;
  /** The {@link WorkflowChange#CAPACITY_FLOORS} version, asked before the first host starts under floors. */
  private Integer capacityVersion;

  StageRunner(RolloutSpec spec, RolloutState state, RolloutView view, GateWatch watch, StartSchedule schedule) {
    this.spec = spec;
    this.state = state;
    this.view = view;
    this.watch = watch;
    this.schedule = schedule;
    capacity = new CapacityGuard(spec.policy());
    window = new HostWindow<>(spec.policy().maxInFlight(), () -> state.nextHost(r -> capacity.holds(r.target())),
        () -> state.pausedBy != null || schedule.holds(), () -> state.aborting);
    view.showHeldBack(capacity::reasons);
  }

  /**
   * Runs the stage until its hosts are done (true) or the rollout aborts (false: the hosts in flight have
   * stopped or finished, as the abort mode says). {@code signalsHandled} tells the builds that looked at the
   * gates with one timer per look from those that waited once per host started.
   */
  boolean run(boolean signalsHandled) {
    int looks = watch.looksWhileRunning();
    if (looks == 1 && signalsHandled) {
      // Builds from the signals marker until issue 11 recorded version 1 with version 2's code (one timer per
      // look); the signals marker in their history tells them from the build of 2340203, which had none.
      looks = 2;
    }
    state.acceptedGates.clear();
    state.acceptedGates.addAll(StageGates.blockingGates(state.gateReport)); // a forced advance accepted them
    Instant nextLook = now().plus(watch.recheck()); // version 1: a timed wait per host started
    Promise<Void> lookDue = null; // version 2: one timer per look
    while (true) {
      // Held by a window or a freeze: asleep until it ends (or a signal, a command, a host ends), no gate looks.
      schedule.wakeWhenItEnds();
      if (looks >= 1 && state.pausedBy == null && !schedule.holds() && state.nextHost() != null) {
        boolean lookNow;
        if (looks == 1) {
          lookNow = !Workflow.await(atLeastASecond(Duration.between(now(), nextLook)), this::canMove);
        } else {
          Promise<Void> due = lookDue = lookDue != null ? lookDue : Workflow.newTimer(watch.recheck());
          Workflow.await(() -> canMove() || due.isCompleted());
          lookNow = due.isCompleted();
        }
        if (lookNow) {
          lookDue = null;
          watch.judgeWhileRunning();
          nextLook = now().plus(watch.recheck());
          continue;
        }
      } else {
        Workflow.await(this::canMove);
      }
      if (state.aborting) {
        stopHostsInFlight();
        return false;
      }
      capacity.lookAgainIfDue();
      if (window.done()) {
        if (!capacity.holdsAny()) {
          return true;
        }
        capacity.awaitLook(() -> state.aborting); // every host left waits for its pool
        continue;
      }
      window.startWhileFree(this::start);
      view.publish();
    }
  }

  /** The window can move, the schedule changed, or held-back hosts are due for another look at their pools. */
  private boolean canMove() {
    return window.canMove() || schedule.changed() || capacity.lookDue();
  }

  /** Waits until no host pipeline runs any more. */
  void awaitNoneRunning() {
    Workflow.await(window::isEmpty);
  }

  /**
   * Stop-new lets the hosts in flight finish; a stronger abort (also one that follows a stop-new) stops them.
   * Returns once none runs.
   */
  void stopHostsInFlight() {
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

  private void start(HostRecord record) {
    if (capacity.on() && capacityVersion == null) {
      capacityVersion = WorkflowChange.CAPACITY_FLOORS.version();
    }
    boolean looks = capacity.on() && capacityVersion >= 1 && (capacityVersion < 2 || capacity.guardsAnything());
    if (looks && !capacity.mayStart(record.target(), state.hosts.values().stream()
        .filter(r -> r.status() == HostStatus.IN_FLIGHT).map(HostRecord::host).toList())) {
      view.publish(); // held back: status says by which pool
      return;
    }
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
    Runnable track = () -> window.track(host, pipeline, Async.function(pipeline::run, input),
        (outcome, failure) -> finished(host, outcome, failure));
    if (WorkflowChange.CANCEL_ASKS_HOSTS_TO_STOP.version() >= 1) {
      // Outside the rollout's cancellation: a cancel request asks the pipeline to stop (stopHostsInFlight), so
      // it ends with an outcome that says what it holds; a cancelled child workflow returns none.
      Workflow.newDetachedCancellationScope(track).run();
    } else {
      track.run();
    }
  }

  private void finished(String host, HostOutcome outcome, RuntimeException failure) {
    HostRecord record = state.hosts.get(host);
    if (outcome == null && failure instanceof ChildWorkflowFailure && failure.getCause() instanceof CanceledFailure
        && WorkflowChange.RELEASE_ON_CANCEL.version() == 1) {
      // A cancel request stopped it (the pipeline's own; the rollout's too before CANCEL_ASKS_HOSTS_TO_STOP): a
      // cancelled workflow returns no outcome, but its pipeline released the worker (its current details say if
      // that failed). What an earlier pass left on the host is still there.
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
    if (next == HostStatus.FAILED) {
      watch.holdIfTooManyFailed();
    }
    view.publish();
  }

  static Duration atLeastASecond(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
