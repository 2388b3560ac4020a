package dev.fleetroll.ping.activities;

import dev.fleetroll.ping.PingActivities;
import dev.fleetroll.ping.PingRequest;
import dev.fleetroll.ping.Pong;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;

/**
 * Answers pings. The work is done in steps and each finished step is heartbeated, so a retry after a
 * worker crash resumes where the dead worker left off: the pattern every long activity of ours follows.
 */
public final class PingActivitiesImpl implements PingActivities {

  private final String worker;
  private final Duration step;

  /**
   * @param worker the identity of this worker process, reported in each answer
   * @param step the length of one step of work (one second in production)
   */
  public PingActivitiesImpl(String worker, Duration step) {
    this.worker = worker;
    this.step = step;
  }

  @Override
  public Pong pong(PingRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int resumedAt = context.getHeartbeatDetails(Integer.class).orElse(0);
    for (int done = resumedAt; done < request.workSteps(); done++) {
      try {
        Thread.sleep(step);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
      context.heartbeat(done + 1);
    }
    return new Pong(request.message(), worker, context.getInfo().getAttempt(), request.workSteps(), resumedAt);
  }
}
