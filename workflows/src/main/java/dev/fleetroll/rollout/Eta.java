package dev.fleetroll.rollout;

import java.time.Duration;
import java.util.List;

/**
 * The expected time left, from observed durations: the hosts still to do, at the mean duration of
 * the hosts done so far (the plan's estimate until one is), spread over the slots. Operator waits
 * between stages are not included: nobody can predict them.
 */
public final class Eta {

  private Eta() {}

  /**
   * @param finished durations of finished host pipelines
   * @param expected the estimate per host before any finished (null: unknown)
   * @param waiting hosts not started yet
   * @param inFlightElapsed how long each in-flight host has been at it
   * @return null when nothing is known
   */
  public static Duration estimate(List<Duration> finished, Duration expected, int waiting, List<Duration> inFlightElapsed,
      int slots) {
    Duration perHost = finished.isEmpty() ? expected
        : finished.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(finished.size());
    if (perHost == null) {
      return null;
    }
    Duration work = perHost.multipliedBy(waiting);
    for (Duration elapsed : inFlightElapsed) {
      Duration left = perHost.minus(elapsed);
      work = work.plus(left.isNegative() ? Duration.ZERO : left);
    }
    return work.dividedBy(Math.max(1, slots));
  }
}
