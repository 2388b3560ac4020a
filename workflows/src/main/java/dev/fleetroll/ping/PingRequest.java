package dev.fleetroll.ping;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code fleetroll ping} asks for.
 *
 * @param message echoed back by the worker that answers
 * @param actor who asked (see the actor rule in the brief: FLEETROLL_ACTOR, SUDO_USER, USER)
 * @param work how long the activity works before answering, heartbeating every second; lets tests
 *     kill a worker in the middle of an activity
 * @param hold how long the workflow waits after the answer for a {@code release} update
 */
public record PingRequest(String message, String actor, Duration work, Duration hold) {

  public PingRequest {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(actor, "actor");
    work = work == null ? Duration.ZERO : work;
    hold = hold == null ? Duration.ZERO : hold;
    if (work.isNegative() || hold.isNegative()) {
      throw new IllegalArgumentException("work and hold must not be negative");
    }
  }

  public static PingRequest of(String message, String actor) {
    return new PingRequest(message, actor, Duration.ZERO, Duration.ZERO);
  }

  /** Whole seconds of work: the activity works and heartbeats in one-second steps. */
  public int workSteps() {
    return Math.toIntExact(work.toSeconds());
  }
}
