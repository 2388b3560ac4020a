package dev.fleetroll.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How the worker reaches Temporal and how much it takes on, from {@code application.yml}
 * ({@code fleetroll.temporal.*}; environment: FLEETROLL_TEMPORAL_ADDRESS, FLEETROLL_TEMPORAL_NAMESPACE,
 * FLEETROLL_TASK_QUEUE, FLEETROLL_MAX_CONCURRENT_ACTIVITIES, FLEETROLL_SHUTDOWN_GRACE).
 *
 * @param address the Temporal frontend, host:port; empty: the Temporal client profile's ({@link TemporalTarget})
 * @param namespace the Temporal namespace; empty: the profile's
 * @param taskQueue the task queue polled for workflows and activities
 * @param maxConcurrentActivities activities run at once; each may hold an SSH session to a host
 * @param shutdownGrace how long SIGTERM waits for running tasks before interrupting them
 * @param metricsInterval how often the SDK's metrics are reported to the registry
 */
@ConfigurationProperties("fleetroll.temporal")
public record TemporalSettings(
    String address,
    String namespace,
    String taskQueue,
    int maxConcurrentActivities,
    Duration shutdownGrace,
    Duration metricsInterval) {

  public TemporalSettings {
    require(taskQueue, "task-queue", "FLEETROLL_TASK_QUEUE");
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException(
          "fleetroll.temporal.max-concurrent-activities (FLEETROLL_MAX_CONCURRENT_ACTIVITIES) must be at least 1");
    }
  }

  private static void require(String value, String name, String variable) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("fleetroll.temporal." + name + " (" + variable + ") is empty");
    }
  }
}
