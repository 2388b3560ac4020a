package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-host runbook. Each step is one activity with its own timeouts and retries; the three waits
 * (drain, Puppet, health) poll by letting Temporal retry a short look at the world every
 * {@code timeouts.poll} until a deadline, so hours of waiting cost three history events.
 *
 * <p>Safety rule: before the override is written, any failure releases the quarantine (the host is
 * untouched); after it, a failure keeps the worker quarantined, because its configuration is now
 * unknown or known bad. An abort finishes the current action, ends a wait at once, and releases.
 */
public final class HostRolloutWorkflowImpl implements HostRolloutWorkflow {

  private static final Duration RETRY_FIRST = Duration.ofSeconds(5);
  private static final Duration RETRY_MAX = Duration.ofMinutes(1);
  private static final int STEP_ATTEMPTS = 5;
  private static final Duration HEARTBEAT = Duration.ofMinutes(1);

  private HostRollout rollout;
  private HostJob job;
  private HostStep step = HostStep.PENDING;
  private Instant stepSince;
  private Instant startedAt;
  private final Map<HostStep, Duration> durations = new EnumMap<>(HostStep.class);
  private WorkerRef worker;
  private boolean quarantined;
  private OverrideWritten written;
  private PuppetReport puppet;
  private HealthReport health;
  private String abortedBy;
  private CancellationScope currentWait;
  private HostOutcome outcome;

  @Override
  public HostOutcome run(HostRollout rollout) {
    this.rollout = rollout;
    this.job = rollout.job();
    this.startedAt = now();
    this.stepSince = startedAt;
    try {
      pipeline();
      return end(HostResult.SUCCEEDED, null);
    } catch (Stop stop) {
      return switch (stop.result) {
        case FAILED -> end(HostResult.FAILED, written == null ? releaseHeld(stop.failure) : stop.failure);
        case ABORTED -> end(HostResult.ABORTED, releaseHeld(stop.failure));
        default -> end(stop.result, stop.failure);
      };
    }
  }

  private void pipeline() {
    String h = job.host();
    HostFacts host = act(HostStep.PREFLIGHT, () -> hostSteps("Audit " + h).inspectHost(job));
    WorkerFacts facts = act(HostStep.PREFLIGHT, () -> workerSteps("Find the Taskcluster worker of " + h)
        .inspectWorker(job, host.role(), host.workerTypeOverride()));
    HostFailure refused = Preflight.check(job, host, facts);
    if (refused != null) {
      throw Stop.failed(refused);
    }
    worker = facts.worker();
    quarantined = facts.quarantined(); // only ours gets past the pre-flight: a second pass or a retry

    act(HostStep.QUARANTINE, () -> workerSteps("Quarantine " + worker + " (no new tasks)")
        .quarantine(job, worker, "applying override " + job.shortSha() + " to " + h));
    quarantined = true;

    Drained drained = drain();

    written = act(HostStep.WRITE_OVERRIDE, () -> hostSteps("Write override " + job.shortSha() + " to " + h
        + " (atomic, with backup)").writeOverride(job));

    Instant convergeStart = now();
    converge(rollout.policy().converge().strategyFor(rollout.target().platform()));

    Duration puppetLeft = max(Duration.ofMinutes(1),
        rollout.policy().timeouts().puppet().minus(Duration.between(convergeStart, now())));
    puppet = await(HostStep.AWAIT_PUPPET, puppetLeft, deadline -> hostWaits("Wait for Puppet to report override "
        + job.shortSha() + " on " + h, deadline).awaitPuppet(job, written.modifiedAt()));

    act(HostStep.RELEASE, () -> workerSteps("Release " + worker + " back into service").release(job, worker));
    quarantined = false;

    HealthPolicy wanted = rollout.policy().health();
    if (wanted.tasks() > 0) {
      try {
        health = await(HostStep.VERIFY_HEALTH, wanted.deadline(), deadline -> workerWaits("Wait for " + worker
            + " to complete " + wanted.tasks() + " task(s)", deadline).verifyHealth(job, worker, drained.recentTasks(),
            wanted));
      } catch (Stop stop) {
        if (stop.result == HostResult.FAILED) {
          quarantineAgain(stop.failure);
        }
        throw stop;
      }
    }
    enter(HostStep.DONE);
  }

  /** Waits for the task the worker was running; at the deadline, the plan's drain action decides. */
  private Drained drain() {
    DrainPolicy policy = rollout.policy().drain();
    while (true) {
      try {
        return await(HostStep.DRAIN, policy.deadline(), deadline -> workerWaits("Wait for the task running on "
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
      case REBOOT -> act(HostStep.CONVERGE, () -> hostSteps("Reboot " + h + " (Puppet runs at boot)")
          .reboot(job, written.bootedAt()));
      case RUN_PUPPET -> act(HostStep.CONVERGE, () -> Workflow.newActivityStub(HostActivities.class,
          ActivityOptions.newBuilder(stepOptions("Run Puppet once on " + h + " (FLEETROLL_SINGLE_RUN=1)"))
              .setStartToCloseTimeout(rollout.policy().timeouts().puppet().plus(Duration.ofMinutes(1)))
              .setHeartbeatTimeout(HEARTBEAT)
              .setRetryOptions(retries(3))
              .build())
          .runPuppet(job, written.modifiedAt(), rollout.policy().timeouts().puppet()));
      case WAIT -> {
        enter(HostStep.CONVERGE);
        details("Waiting for the host's own next Puppet run (converge: wait).");
      }
    }
  }

  // ---- steps ----------------------------------------------------------------------------------

  /** Runs one action of a step; an abort is honoured before it starts, never in its middle. */
  private <T> T act(HostStep s, Supplier<T> action) {
    checkAbort();
    enter(s);
    try {
      return action.get();
    } catch (ActivityFailure e) {
      throw stopFor(s, e);
    }
  }

  /** Runs a wait, which an abort ends at once. */
  private <T> T await(HostStep s, Duration deadline, java.util.function.Function<Duration, T> wait) {
    checkAbort();
    enter(s);
    Object[] result = new Object[1];
    currentWait = Workflow.newCancellationScope(() -> {
      result[0] = wait.apply(deadline);
    });
    try {
      currentWait.run();
      @SuppressWarnings("unchecked")
      T value = (T) result[0];
      return value;
    } catch (ActivityFailure e) {
      String seen = deadlinePassed(e);
      if (seen != null) {
        switch (s) {
          case DRAIN -> throw new DeadlinePassed(seen);
          case AWAIT_PUPPET -> throw Stop.failed(HostFailure.of(s, StepFailures.PUPPET_DEADLINE,
              "no Puppet report of the override within " + human(rollout.policy().timeouts().puppet()) + ": " + seen));
          default -> throw Stop.failed(HostFailure.of(s, StepFailures.HEALTH_DEADLINE,
              "not healthy within " + human(deadline) + ": " + seen));
        }
      }
      throw stopFor(s, e);
    } finally {
      currentWait = null;
    }
  }

  /**
   * What the wait last saw, if its deadline ended it: the server stops retrying a wait whose next look
   * would fall after the deadline (and hands back the last "still waiting"), or times it out.
   */
  private static String deadlinePassed(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure last && StepFailures.WAITING.equals(last.getType())) {
      return last.getOriginalMessage();
    }
    if (e.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE) {
      return timeout.getCause() instanceof ApplicationFailure last ? last.getOriginalMessage() : "no answer";
    }
    return null;
  }

  private Stop stopFor(HostStep s, ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof CanceledFailure) {
      return Stop.aborted(s, abortedBy != null ? "aborted by " + abortedBy : "the rollout was cancelled");
    }
    if (cause instanceof ApplicationFailure app) {
      return Stop.failed(HostFailure.of(s, app.getType(), app.getOriginalMessage()));
    }
    if (cause instanceof TimeoutFailure timeout) {
      String last = timeout.getCause() instanceof ApplicationFailure a ? ": " + a.getOriginalMessage() : "";
      return Stop.failed(HostFailure.of(s, StepFailures.COMMAND_TIMEOUT, "no answer in time ("
          + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase(java.util.Locale.ROOT) + ")" + last));
    }
    return Stop.failed(HostFailure.of(s, StepFailures.COMMAND_FAILED, String.valueOf(cause != null ? cause.getMessage() : e.getMessage())));
  }

  private void checkAbort() {
    if (abortedBy != null) {
      throw Stop.aborted(step, "aborted by " + abortedBy + (step == HostStep.PENDING ? "" : " after " + step.code()));
    }
  }

  private void enter(HostStep s) {
    if (s == step) {
      return;
    }
    Instant now = now();
    if (step != HostStep.PENDING) {
      durations.merge(step, Duration.between(stepSince, now), Duration::plus);
    }
    step = s;
    stepSince = now;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.HOST_STEP.valueSet(s.code()));
    details("Step " + s.ordinal() + " of " + (HostStep.DONE.ordinal() - 1) + ": **" + s.title() + "** since "
        + now.toString().substring(11, 19) + " UTC.");
  }

  // ---- the ends -------------------------------------------------------------------------------

  /** Releases the quarantine this rollout set, if any; a release that fails keeps it (and says so). */
  private HostFailure releaseHeld(HostFailure why) {
    if (!quarantined || worker == null) {
      return why;
    }
    // Detached: a cancelled rollout must still put the worker back into service.
    String[] problem = new String[1];
    Workflow.newDetachedCancellationScope(() -> {
      try {
        enter(HostStep.RELEASE);
        workerSteps("Release " + worker + " (" + (why != null ? why.code() : "stop") + ")").release(job, worker);
        quarantined = false;
      } catch (ActivityFailure e) {
        problem[0] = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      }
    }).run();
    if (problem[0] == null || why == null) {
      return why;
    }
    return new HostFailure(why.type(), why.step(), why.code(), why.message() + "; the release failed too ("
        + problem[0] + "): the worker is still quarantined");
  }

  /** A worker that fails its tasks goes out of service again. */
  private void quarantineAgain(HostFailure why) {
    Workflow.newDetachedCancellationScope(() -> {
      try {
        workerSteps("Quarantine " + worker + " again: it fails its health check")
            .quarantine(job, worker, "health check failed after override " + job.shortSha() + ": " + why.message());
        quarantined = true;
      } catch (ActivityFailure e) {
        // It stays released; the failure says so below.
      }
    }).run();
  }

  private HostOutcome end(HostResult result, HostFailure failure) {
    Instant now = now();
    if (step != HostStep.PENDING) {
      durations.merge(step, Duration.between(stepSince, now), Duration::plus);
    }
    outcome = new HostOutcome(job.host(), result, failure, quarantined, worker, written, puppet, health, startedAt, now,
        Map.copyOf(durations));
    String code = result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    Workflow.upsertTypedSearchAttributes(SearchAttributes.HOST_STEP.valueSet(code));
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
    return new HostProgress(job == null ? null : job.host(), rollout == null ? 0 : rollout.pass(), step, stepSince,
        quarantined, abortedBy != null, outcome);
  }

  @Override
  public void abort(String actor) {
    if (abortedBy == null) {
      abortedBy = actor;
      if (currentWait != null) {
        currentWait.cancel("aborted by " + actor);
      }
    }
  }

  // ---- activity options -------------------------------------------------------------------------

  private HostActivities hostSteps(String summary) {
    return Workflow.newActivityStub(HostActivities.class, stepOptions(summary));
  }

  private WorkerActivities workerSteps(String summary) {
    return Workflow.newActivityStub(WorkerActivities.class, stepOptions(summary));
  }

  private HostActivities hostWaits(String summary, Duration deadline) {
    return Workflow.newActivityStub(HostActivities.class, waitOptions(summary, deadline));
  }

  private WorkerActivities workerWaits(String summary, Duration deadline) {
    return Workflow.newActivityStub(WorkerActivities.class, waitOptions(summary, deadline));
  }

  /** A short step: a few attempts with backoff; what retrying cannot fix fails at once. */
  private ActivityOptions stepOptions(String summary) {
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(rollout.policy().timeouts().command())
        .setRetryOptions(retries(STEP_ATTEMPTS))
        .build();
  }

  /**
   * A wait: a short look at the world, retried by Temporal every {@code poll} until it succeeds, fails
   * for good, or the deadline (schedule-to-close) passes. Retries add no history events.
   */
  private ActivityOptions waitOptions(String summary, Duration deadline) {
    Timeouts timeouts = rollout.policy().timeouts();
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setScheduleToCloseTimeout(deadline)
        .setStartToCloseTimeout(timeouts.command())
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(timeouts.poll())
            .setBackoffCoefficient(1.0)
            .setMaximumInterval(timeouts.poll())
            .setDoNotRetry(StepFailures.PERMANENT.toArray(String[]::new))
            .build())
        .build();
  }

  private static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(RETRY_FIRST)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(RETRY_MAX)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(StepFailures.PERMANENT.toArray(String[]::new))
        .build();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private void details(String text) {
    Workflow.setCurrentDetails("**" + job.host() + "** · rollout `" + job.rolloutId() + "` · stage " + rollout.stage()
        + (rollout.pass() > 1 ? " (second pass)" : "") + " · override `" + job.shortSha() + "`\n\n" + text);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return (s / 60) + "m" + (s % 60 != 0 ? (s % 60) + "s" : "");
    }
    return (s / 3600) + "h" + ((s % 3600) / 60 != 0 ? (s % 3600) / 60 + "m" : "");
  }

  /** How the pipeline stops early: the result and why. */
  private static final class Stop extends RuntimeException {
    final HostResult result;
    final HostFailure failure;

    Stop(HostResult result, HostFailure failure) {
      super(failure == null ? result.name() : failure.toString(), null, false, false);
      this.result = result;
      this.failure = failure;
    }

    static Stop failed(HostFailure failure) {
      return new Stop(HostResult.FAILED, failure);
    }

    static Stop aborted(HostStep step, String why) {
      return new Stop(HostResult.ABORTED, new HostFailure(FailureType.INFRASTRUCTURE, step, "Aborted", why));
    }
  }

  /** The drain deadline passed; {@link #drain()} applies the plan's action. */
  private static final class DeadlinePassed extends RuntimeException {
    final String lastSeen;

    DeadlinePassed(String lastSeen) {
      super(lastSeen, null, false, false);
      this.lastSeen = lastSeen;
    }
  }
}
