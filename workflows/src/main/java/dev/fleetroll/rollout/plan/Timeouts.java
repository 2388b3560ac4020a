package dev.fleetroll.rollout.plan;

import java.time.Duration;

/**
 * Time limits of the host pipeline.
 *
 * @param command one remote command or Taskcluster call (one attempt of a step; failed attempts are retried)
 * @param puppet from the start of converge until Puppet reports a run with the new override (reboot included)
 * @param poll how often a wait (drain, Puppet, health) looks at the world again
 */
public record Timeouts(Duration command, Duration puppet, Duration poll) {

  public static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(45), Duration.ofSeconds(30));

  public Timeouts withDefaults() {
    return new Timeouts(command != null ? command : DEFAULT.command, puppet != null ? puppet : DEFAULT.puppet,
        poll != null ? poll : DEFAULT.poll);
  }
}
