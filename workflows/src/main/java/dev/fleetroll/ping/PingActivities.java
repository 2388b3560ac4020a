package dev.fleetroll.ping;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The one activity of the ping workflow: a worker answers. */
@ActivityInterface
public interface PingActivities {

  /**
   * Works for {@link PingRequest#work()} in one-second steps, heartbeating the steps done, and answers.
   * A retried attempt resumes from the last heartbeat instead of starting over.
   */
  @ActivityMethod
  Pong pong(PingRequest request);
}
