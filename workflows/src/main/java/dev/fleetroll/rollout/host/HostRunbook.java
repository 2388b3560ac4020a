package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WorkflowChange;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the host workflows (apply and revert) share: a step is one activity with its own timeouts and
 * retries; a wait polls by letting Temporal retry a short look at the world every {@code timeouts.poll}
 * until a deadline; the current step goes to the Web UI (search attribute and details); an activity
 * failure becomes a typed {@link HostFailure}; an abort is honoured between actions and ends a wait at once.
 * One per workflow run, created in its workflow method.
 */
public final class HostRunbook {

  private static final Duration RETRY_FIRST = Duration.ofSeconds(5);
  private static final Duration RETRY_MAX = Duration.ofMinutes(1);
  private static final int STEP_ATTEMPTS = 5;
  static final Duration HEARTBEAT = HostActivities.HEARTBEAT_TIMEOUT;

  /** How a wait that reached its deadline ends the pipeline: a {@link Stop}, or a {@link DeadlinePassed} to decide on. */
  @FunctionalInterface
  interface DeadlineRule {
    RuntimeException passed(HostStep step, Duration deadline, String lastSeen);
  }

  private final HostJob job;
  private final RolloutPolicy policy;
  private final Timeouts timeouts;
  private final List<HostStep> steps;
  private final Function<HostStep, String> titles;
  private final Consumer<String> details;
  private final DeadlineRule deadlines;

  private HostStep step = HostStep.PENDING;
  private Instant stepSince;
  private final Map<HostStep, Duration> durations = new EnumMap<>(HostStep.class);
  private String abortedBy;
  private CancellationScope currentWait;
  /** {@link WorkflowChange#STEPS_FINISH_ON_CANCEL}: 1 lets an action finish when the workflow is cancelled. */
  private final boolean actionsFinishOnCancel;

  /**
   * @param steps the workflow's steps in order, for "Step n of m"
   * @param titles each step's title in the Web UI
   * @param details writes the workflow's current details (its own header, then this text)
   */
  HostRunbook(HostJob job, RolloutPolicy policy, List<HostStep> steps, Function<HostStep, String> titles,
      Consumer<String> details, DeadlineRule deadlines) {
    this.job = job;
    this.policy = policy;
    this.timeouts = policy.timeouts();
    this.steps = steps;
    this.titles = titles;
    this.details = details;
    this.deadlines = deadlines;
    this.stepSince = now();
    this.actionsFinishOnCancel = WorkflowChange.STEPS_FINISH_ON_CANCEL.version() >= 1;
  }

  HostStep step() {
    return step;
  }

  Instant stepSince() {
    return stepSince;
  }

  // ---- steps ----------------------------------------------------------------------------------

  /**
   * Runs one action of a step; an abort or a cancel is honoured before it starts, never in its middle (a
   * cancel that cut a call off would leave the pipeline not knowing what Taskcluster or the host did).
   */
  <T> T act(HostStep s, Supplier<T> action) {
    checkAbort();
    enter(s);
    try {
      if (!actionsFinishOnCancel) {
        return action.get();
      }
      Object[] result = new Object[1];
      Workflow.newDetachedCancellationScope(() -> {
        result[0] = action.get();
      }).run();
      @SuppressWarnings("unchecked")
      T value = (T) result[0];
      return value;
    } catch (ActivityFailure e) {
      throw stopFor(s, e);
    }
  }

  /** Runs a wait, which an abort ends at once. */
  <T> T await(HostStep s, Duration deadline, Function<Duration, T> wait) {
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
        throw deadlines.passed(s, deadline, seen);
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
          + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase(Locale.ROOT) + ")" + last));
    }
    return Stop.failed(HostFailure.of(s, StepFailures.COMMAND_FAILED, String.valueOf(cause != null ? cause.getMessage() : e.getMessage())));
  }

  void checkAbort() {
    String after = step == HostStep.PENDING ? "" : " after " + step.code();
    if (abortedBy != null) {
      throw Stop.aborted(step, "aborted by " + abortedBy + after);
    }
    if (actionsFinishOnCancel && CancellationScope.current().isCancelRequested()) {
      throw Stop.aborted(step, "the rollout was cancelled" + after);
    }
  }

  /** Asks the pipeline to stop: a wait ends at once, an action in progress finishes first. */
  void abort(String actor) {
    if (abortedBy == null) {
      abortedBy = actor;
      if (currentWait != null) {
        currentWait.cancel("aborted by " + actor);
      }
    }
  }

  boolean abortRequested() {
    return abortedBy != null;
  }

  void enter(HostStep s) {
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
    int n = s == HostStep.DONE ? steps.size() + 1 : steps.indexOf(s) + 1;
    details.accept("Step " + n + " of " + steps.size() + ": **" + titles.apply(s) + "** since "
        + now.toString().substring(11, 19) + " UTC.");
  }

  /** Ends the last step's clock; how long each step took, for the outcome. */
  Map<HostStep, Duration> finish(Instant now) {
    if (step != HostStep.PENDING) {
      durations.merge(step, Duration.between(stepSince, now), Duration::plus);
    }
    return Map.copyOf(durations);
  }

  /** Shows how the pipeline ended: the search attribute carries the result instead of a step. */
  void ended(HostResult result) {
    String code = result.name().toLowerCase(Locale.ROOT).replace('_', '-');
    Workflow.upsertTypedSearchAttributes(SearchAttributes.HOST_STEP.valueSet(code));
  }

  /**
   * Releases the worker even when the workflow is being cancelled (a cancelled rollout must still put
   * it back into service).
   *
   * @return null when released, else why the release failed
   */
  String releaseDetached(WorkerRef worker, String why) {
    String[] problem = new String[1];
    Workflow.newDetachedCancellationScope(() -> {
      try {
        enter(HostStep.RELEASE);
        workerSteps("Release " + worker + " (" + why + ")").release(job, worker);
      } catch (ActivityFailure e) {
        problem[0] = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      }
    }).run();
    return problem[0];
  }

  // ---- activity options -------------------------------------------------------------------------

  HostActivities hostSteps(String summary) {
    return Workflow.newActivityStub(HostActivities.class, stepOptions(summary));
  }

  WorkerActivities workerSteps(String summary) {
    return Workflow.newActivityStub(WorkerActivities.class, taskclusterStep(summary, policy));
  }

  /**
   * A Taskcluster step (find, quarantine or release a worker): retried with backoff, at the delay Taskcluster
   * asks for (Retry-After) when it asks, for as long as the plan gives a released worker to prove itself
   * healthy ({@code health.deadline}). An outage delays the host; it does not fail it.
   */
  public static ActivityOptions taskclusterStep(String summary, RolloutPolicy policy) {
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(policy.timeouts().command())
        .setHeartbeatTimeout(HEARTBEAT)
        .setScheduleToCloseTimeout(policy.health().deadline())
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(RETRY_FIRST)
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(RETRY_MAX)
            .setDoNotRetry(StepFailures.PERMANENT.toArray(String[]::new))
            .build())
        .build();
  }

  HostActivities hostWaits(String summary, Duration deadline) {
    return Workflow.newActivityStub(HostActivities.class, waitOptions(summary, deadline));
  }

  WorkerActivities workerWaits(String summary, Duration deadline) {
    return Workflow.newActivityStub(WorkerActivities.class, waitOptions(summary, deadline));
  }

  /** One Puppet run we start and wait for, heartbeating; it may take the whole Puppet timeout. */
  HostActivities puppetRun(String summary) {
    return Workflow.newActivityStub(HostActivities.class, ActivityOptions.newBuilder(stepOptions(summary))
        .setStartToCloseTimeout(timeouts.puppet().plus(Duration.ofMinutes(1)))
        .setRetryOptions(retries(3))
        .build());
  }

  /** A short step: a few attempts with backoff; what retrying cannot fix fails at once. */
  ActivityOptions stepOptions(String summary) {
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(timeouts.command())
        .setHeartbeatTimeout(HEARTBEAT)
        .setRetryOptions(retries(STEP_ATTEMPTS))
        .build();
  }

  /**
   * A wait: a short look at the world, retried by Temporal every {@code poll} until it succeeds, fails
   * for good, or the deadline (schedule-to-close) passes. Retries add no history events.
   */
  private ActivityOptions waitOptions(String summary, Duration deadline) {
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setScheduleToCloseTimeout(deadline)
        .setStartToCloseTimeout(timeouts.command())
        .setHeartbeatTimeout(HEARTBEAT)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(timeouts.poll())
            .setBackoffCoefficient(1.0)
            .setMaximumInterval(timeouts.poll())
            .setDoNotRetry(StepFailures.PERMANENT.toArray(String[]::new))
            .build())
        .build();
  }

  static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(RETRY_FIRST)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(RETRY_MAX)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(StepFailures.PERMANENT.toArray(String[]::new))
        .build();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static Duration max(Duration a, Duration b) {
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

  static String shortSha(String sha) {
    return sha == null ? "none" : sha.substring(0, Math.min(7, sha.length()));
  }

  /** How a pipeline stops early: the result and why. */
  static final class Stop extends RuntimeException {
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

  /** A drain deadline passed; the workflow applies its own rule (keep waiting, move to the end, fail). */
  static final class DeadlinePassed extends RuntimeException {
    final String lastSeen;

    DeadlinePassed(String lastSeen) {
      super(lastSeen, null, false, false);
      this.lastSeen = lastSeen;
    }
  }
}
