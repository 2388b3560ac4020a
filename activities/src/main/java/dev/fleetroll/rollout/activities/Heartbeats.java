package dev.fleetroll.rollout.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs an activity's work while telling Temporal every few seconds that the worker is alive, so an attempt
 * whose worker died is retried after the activity's heartbeat timeout rather than its whole start-to-close
 * timeout. The heartbeats carry no details (an activity that records progress in them heartbeats itself).
 */
final class Heartbeats {

  /** Temporal sends at most one heartbeat per 80% of the heartbeat timeout; more often costs nothing. */
  static final Duration EVERY = Duration.ofSeconds(5);

  private Heartbeats() {}

  static <T> T around(Supplier<T> work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    CompletableFuture<T> running = CompletableFuture.supplyAsync(work, task -> Thread.ofVirtual().start(task));
    while (true) {
      try {
        return running.get(EVERY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        context.heartbeat(null);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.cancel(true);
        throw Activity.wrap(e);
      }
    }
  }
}
