package dev.fleetroll.ping;

import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public final class PingWorkflowImpl implements PingWorkflow {

  /** A dead worker is noticed after this long without a heartbeat, and the activity is retried. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private PingState state = PingState.PINGING;
  private Pong pong;
  private PingRelease release;

  @Override
  public PingResult ping(PingRequest request) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.KIND.valueSet(KIND), SearchAttributes.ACTOR.valueSet(request.actor()));
    Workflow.setCurrentDetails("**Pinging**: waiting for a worker to answer `" + request.message() + "`.");

    pong = activities(request).pong(request);

    if (request.hold().isPositive()) {
      state = PingState.HOLDING;
      Workflow.setCurrentDetails("**Holding** for " + request.hold() + " after the answer of worker `"
          + pong.worker() + "`; the `release` update ends the hold early.");
      Workflow.await(request.hold(), () -> release != null);
    }

    state = PingState.DONE;
    Workflow.setCurrentDetails("**Done**: worker `" + pong.worker() + "` answered on attempt "
        + pong.attempt() + (release != null ? "; released by " + release.actor() : "") + ".");
    return new PingResult(pong, release);
  }

  @Override
  public PingProgress progress() {
    return new PingProgress(state, pong, release);
  }

  @Override
  public PingProgress release(PingRelease release) {
    this.release = release;
    return progress();
  }

  @Override
  public void validateRelease(PingRelease release) {
    if (state != PingState.HOLDING) {
      throw new IllegalStateException("the ping is not holding (it is " + state + ")");
    }
    if (this.release != null) {
      throw new IllegalStateException("the ping was already released by " + this.release.actor());
    }
    if (release == null || release.reason() == null || release.reason().isBlank()) {
      throw new IllegalArgumentException("a release needs a reason");
    }
  }

  private static PingActivities activities(PingRequest request) {
    return Workflow.newActivityStub(
        PingActivities.class,
        ActivityOptions.newBuilder()
            .setSummary("Answer the ping")
            .setStartToCloseTimeout(request.work().plus(Duration.ofMinutes(1)))
            .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(5)
                .build())
            .build());
  }
}
