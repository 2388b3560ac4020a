package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The proof that a released worker works: it claims and completes {@code tasks} tasks within {@code
 * deadline}, with at most {@code maxFailedTasks} failed ones on the way. {@code tasks: 0} skips the check.
 */
public record HealthPolicy(Integer tasks, @JsonProperty("max_failed_tasks") Integer maxFailedTasks, Duration deadline) {

  public static final HealthPolicy DEFAULT = new HealthPolicy(1, 0, Duration.ofHours(1));

  public HealthPolicy withDefaults() {
    return new HealthPolicy(tasks != null ? tasks : DEFAULT.tasks,
        maxFailedTasks != null ? maxFailedTasks : DEFAULT.maxFailedTasks,
        deadline != null ? deadline : DEFAULT.deadline);
  }
}
