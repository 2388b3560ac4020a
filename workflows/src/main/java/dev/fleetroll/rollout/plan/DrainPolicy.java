package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Draining a quarantined worker: how long to wait for the task it was running, and what to do then.
 */
public record DrainPolicy(Duration deadline, @JsonProperty("on_deadline") DrainDeadlineAction onDeadline) {

  public static final DrainPolicy DEFAULT = new DrainPolicy(Duration.ofHours(3), DrainDeadlineAction.MOVE_TO_END);

  public DrainPolicy withDefaults() {
    return new DrainPolicy(deadline != null ? deadline : DEFAULT.deadline,
        onDeadline != null ? onDeadline : DEFAULT.onDeadline);
  }
}
