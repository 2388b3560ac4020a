package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.host.HostRunbook.DeadlinePassed;
import dev.fleetroll.rollout.host.HostRunbook.Stop;
import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The per-host runbook. Each step is one activity with its own timeouts and retries; the three waits
 * (drain, Puppet, health) poll by letting Temporal retry a short look at the world every
 * {@code timeouts.poll} until a deadline, so hours of waiting cost three history events. What this
 * shares with the revert ({@link HostRevertWorkflowImpl}) lives in {@link HostRunbook}.
 *
 * <p>Safety rule: a worker whose override may have changed goes back into service only once Puppet has
 * verified the change. The override may have changed from the moment the write starts (a write that
 * fails may have written first), or from the start when the host already carries it (a retried host).
 * Until then a failure or an abort keeps the worker quarantined, and the host counts as touched (a
 * rollback reverts it); on an untouched host they release the quarantine. An abort finishes the current
 * action and ends a wait at once. Pipelines started before this rule (no {@link
 * WorkflowChange#HOST_OVERRIDE_SAFETY} marker) replay as they ran: released unless the write returned,
 * and always on an abort.
 */
public final class HostRolloutWorkflowImpl implements HostRolloutWorkflow {

  /** The steps in order, for "Step n of m" in the Web UI. */
  static final List<HostStep> STEPS = List.of(HostStep.PREFLIGHT, HostStep.QUARANTINE, HostStep.DRAIN,
      HostStep.WRITE_OVERRIDE, HostStep.CONVERGE, HostStep.AWAIT_PUPPET, HostStep.RELEASE, HostStep.VERIFY_HEALTH);

  private HostRollout rollout;
  private HostJob job;
  private HostRunbook steps;
  private Instant startedAt;
  private WorkerRef worker;
  private boolean quarantined;
  private OverrideWritten written;
  private PuppetReport puppet;
  private HealthReport health;
  private HostOutcome outcome;
  /** {@link WorkflowChange#HOST_OVERRIDE_SAFETY}: 1 keeps a touched, unverified worker quarantined. */
  private int safety;
  /** This rollout's override may be on the host: the write started, or the host carried it already. */
  private boolean touched;
  /** An abort signalled before the runbook existed (signals may be handled before the workflow method). */
  private String abortedEarly;

  @Override
  public HostOutcome run(HostRollout rollout) {
    this.rollout = rollout;
    this.job = rollout.job();
    this.startedAt = HostRunbook.now();
    this.safety = WorkflowChange.HOST_OVERRIDE_SAFETY.version();
    this.touched = safety >= 1 && rollout.touchedBefore();
    this.steps = new HostRunbook(job, rollout.policy(), STEPS, HostStep::title, this::details, this::deadlinePassed);
    if (abortedEarly != null) {
      steps.abort(abortedEarly);
    }
    try {
      pipeline();
      return end(HostResult.SUCCEEDED, null);
    } catch (Stop stop) {
      return switch (stop.result) {
        case FAILED -> end(HostResult.FAILED, releasable(stop) ? releaseHeld(stop.failure) : held(stop.failure));
        case ABORTED -> end(HostResult.ABORTED, releasable(stop) ? releaseHeld(stop.failure) : held(stop.failure));
        default -> end(stop.result, stop.failure);
      };
    }
  }

  /**
   * Whether a pipeline that stopped may put the worker back into service: an untouched host may; a touched
   * one only when aborted once Puppet verified the change (a failure after that is the health check's,
   * which quarantined the worker again on purpose).
   */
  private boolean releasable(Stop stop) {
    if (safety < 1) {
      return stop.result == HostResult.ABORTED || written == null;
    }
    return !touched || (stop.result == HostResult.ABORTED && puppet != null);
  }

  /**
   * Why a touched, unverified worker stays out of service, added to the failure people read (a failure of
   * the change, Puppet's or the tasks', says it already).
   */
  private HostFailure held(HostFailure why) {
    if (safety < 1 || !quarantined || puppet != null || why == null || why.type() == FailureType.CHANGE) {
      return why;
    }
    return new HostFailure(why.type(), why.step(), why.code(), why.message() + "; override " + job.shortSha()
        + " may be on the host and Puppet has not verified it: the worker stays quarantined (roll back, or check the"
        + " host and 'fleetroll host release')");
  }

  private void pipeline() {
    String h = job.host();
    HostFacts host = steps.act(HostStep.PREFLIGHT, () -> steps.hostSteps("Audit " + h).inspectHost(job));
    WorkerFacts facts = steps.act(HostStep.PREFLIGHT, () -> steps.workerSteps("Find the Taskcluster worker of " + h)
        .inspectWorker(job, host.role(), host.workerTypeOverride()));
    HostFailure refused = Preflight.check(job, host, facts);
    if (refused != null) {
      throw Stop.failed(refused);
    }
    worker = facts.worker();
    quarantined = facts.quarantined(); // only ours gets past the pre-flight: a second pass or a retry
    if (safety >= 1 && host.hasOverride()) {
      touched = true; // ours (the pre-flight refuses another): an earlier pass wrote it
    }

    steps.act(HostStep.QUARANTINE, () -> steps.workerSteps("Quarantine " + worker + " (no new tasks)")
        .quarantine(job, worker, "applying override " + job.shortSha() + " to " + h));
    quarantined = true;

    Drained drained = drain();

    written = write();

    Instant convergeStart = HostRunbook.now();
    converge(rollout.policy().converge().strategyFor(rollout.target().platform()));

    Duration puppetLeft = HostRunbook.max(Duration.ofMinutes(1),
        rollout.policy().timeouts().puppet().minus(Duration.between(convergeStart, HostRunbook.now())));
    puppet = steps.await(HostStep.AWAIT_PUPPET, puppetLeft, deadline -> steps.hostWaits("Wait for Puppet to report override "
        + job.shortSha() + " on " + h, deadline).awaitPuppet(job, written.modifiedAt()));

    steps.act(HostStep.RELEASE, () -> steps.workerSteps("Release " + worker + " back into service").release(job, worker));
    quarantined = false;

    HealthPolicy wanted = rollout.policy().health();
    if (wanted.tasks() > 0) {
      try {
        health = steps.await(HostStep.VERIFY_HEALTH, wanted.deadline(), deadline -> steps.workerWaits("Wait for " + worker
            + " to complete " + wanted.tasks() + " task(s)", deadline).verifyHealth(job, worker, drained.recentTasks(),
            wanted));
      } catch (Stop stop) {
        if (stop.result == HostResult.FAILED) {
          quarantineAgain(stop.failure);
        }
        throw stop;
      }
    }
    steps.enter(HostStep.DONE);
  }

  /**
   * Writes the override. From the moment the write starts the host counts as touched: an attempt can write
   * and then fail (re-audit, audit log), so a failed write may have changed it, unless the host proved it
   * has another override (the check and the write are one command on the host).
   */
  private OverrideWritten write() {
    boolean before = touched;
    try {
      return steps.act(HostStep.WRITE_OVERRIDE, () -> {
        touched = touched || safety >= 1;
        return steps.hostSteps("Write override " + job.shortSha() + " to " + job.host() + " (atomic, with backup)")
            .writeOverride(job, rollout.overrideContent());
      });
    } catch (Stop stop) {
      if (stop.failure != null && StepFailures.OVERRIDE_CONFLICT.equals(stop.failure.code())) {
        touched = before;
      }
      throw stop;
    }
  }

  /** Waits for the task the worker was running; at the deadline, the plan's drain action decides. */
  private Drained drain() {
    DrainPolicy policy = rollout.policy().drain();
    while (true) {
      try {
        return steps.await(HostStep.DRAIN, policy.deadline(), deadline -> steps.workerWaits("Wait for the task running on "
            + worker + " to finish", deadline).awaitDrain(job, worker));
      } catch (DeadlinePassed passed) {
        String seen = passed.lastSeen + " after " + human(policy.deadline());
        switch (policy.onDeadline()) {
          case KEEP_WAITING -> details("Drain deadline passed (" + seen + "); waiting on, as the plan says.");
          case MOVE_TO_END -> {
            if (rollout.pass() == 1) {
              throw new Stop(HostResult.MOVED_TO_END, HostFailure.of(HostStep.DRAIN, StepFailures.DRAIN_DEADLINE,
                  seen + "; moved to the end of the stage, still quarantined"));
            }
            throw Stop.failed(HostFailure.of(HostStep.DRAIN, StepFailures.DRAIN_DEADLINE,
                seen + ", for the second time; giving up on this host"));
          }
          case FAIL -> throw Stop.failed(HostFailure.of(HostStep.DRAIN, StepFailures.DRAIN_DEADLINE, seen));
        }
      }
    }
  }

  private void converge(ConvergeStrategy strategy) {
    String h = job.host();
    switch (strategy) {
      case REBOOT -> steps.act(HostStep.CONVERGE, () -> steps.hostSteps("Reboot " + h + " (Puppet runs at boot)")
          .reboot(job, written.bootedAt()));
      case RUN_PUPPET -> steps.act(HostStep.CONVERGE, () -> steps.puppetRun("Run Puppet once on " + h
          + " (FLEETROLL_SINGLE_RUN=1)").runPuppet(job, written.modifiedAt(), rollout.policy().timeouts().puppet()));
      case WAIT -> {
        steps.enter(HostStep.CONVERGE);
        details("Waiting for the host's own next Puppet run (converge: wait).");
      }
    }
  }

  /** The drain wait hands its deadline back to {@link #drain()}; the other waits fail the host. */
  private RuntimeException deadlinePassed(HostStep s, Duration deadline, String seen) {
    return switch (s) {
      case DRAIN -> new DeadlinePassed(seen);
      case AWAIT_PUPPET -> Stop.failed(HostFailure.of(s, StepFailures.PUPPET_DEADLINE,
          "no Puppet report of the override within " + human(rollout.policy().timeouts().puppet()) + ": " + seen));
      default -> Stop.failed(HostFailure.of(s, StepFailures.HEALTH_DEADLINE,
          "not healthy within " + human(deadline) + ": " + seen));
    };
  }

  // ---- the ends -------------------------------------------------------------------------------

  /** Releases the quarantine this rollout set, if any; a release that fails keeps it (and says so). */
  private HostFailure releaseHeld(HostFailure why) {
    if (!quarantined || worker == null) {
      return why;
    }
    String problem = steps.releaseDetached(worker, why != null ? why.code() : "stop");
    if (problem == null) {
      quarantined = false;
    }
    if (problem == null || why == null) {
      return why;
    }
    return new HostFailure(why.type(), why.step(), why.code(), why.message() + "; the release failed too ("
        + problem + "): the worker is still quarantined");
  }

  /** A worker that fails its tasks goes out of service again. */
  private void quarantineAgain(HostFailure why) {
    Workflow.newDetachedCancellationScope(() -> {
      try {
        steps.workerSteps("Quarantine " + worker + " again: it fails its health check")
            .quarantine(job, worker, "health check failed after override " + job.shortSha() + ": " + why.message());
        quarantined = true;
      } catch (ActivityFailure e) {
        // It stays released; the failure says so below.
      }
    }).run();
  }

  private HostOutcome end(HostResult result, HostFailure failure) {
    Instant now = HostRunbook.now();
    outcome = new HostOutcome(job.host(), result, failure, quarantined, worker, written, puppet, health, startedAt, now,
        steps.finish(now), touched);
    steps.ended(result);
    details(switch (result) {
      case SUCCEEDED -> "**Succeeded** in " + human(outcome.duration()) + ": Puppet applied override `"
          + job.shortSha() + "`" + (puppet != null && puppet.gitSha() != null ? " (" + puppet.gitBranch() + " at "
          + puppet.gitSha().substring(0, Math.min(7, puppet.gitSha().length())) + ")" : "")
          + (health != null ? "; the worker completed " + health.completed().size() + " task(s)" : "") + ".";
      case FAILED -> "**Failed** (" + failure.type().name().toLowerCase(java.util.Locale.ROOT) + ") at "
          + failure.step().code() + ": " + failure.message() + (quarantined ? "\n\nThe worker stays quarantined." : "");
      case MOVED_TO_END -> "**Moved to the end of the stage**: " + failure.message();
      case ABORTED -> "**Aborted**: " + failure.message() + (quarantined ? "; the worker is still quarantined" : "") + ".";
    });
    return outcome;
  }

  // ---- queries and signals ---------------------------------------------------------------------

  @Override
  public HostProgress progress() {
    return new HostProgress(job == null ? null : job.host(), rollout == null ? 0 : rollout.pass(),
        steps == null ? HostStep.PENDING : steps.step(), steps == null ? null : steps.stepSince(), quarantined,
        abortedEarly != null || steps != null && steps.abortRequested(), outcome);
  }

  @Override
  public void abort(String actor) {
    if (steps != null) {
      steps.abort(actor);
    } else if (abortedEarly == null) {
      abortedEarly = actor;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private void details(String text) {
    Workflow.setCurrentDetails("**" + job.host() + "** · rollout `" + job.rolloutId() + "` · stage " + rollout.stage()
        + (rollout.pass() > 1 ? " (second pass)" : "") + " · override `" + job.shortSha() + "`\n\n" + text);
  }

  public static String human(Duration d) {
    return HostRunbook.human(d);
  }
}
