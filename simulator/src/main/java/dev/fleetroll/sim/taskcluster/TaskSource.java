package dev.fleetroll.sim.taskcluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each worker pool supplied with pending tasks, as FirefoxCI's pushes do: every second it adds
 * {@code tasksPerMinutePerWorker × workers / 60} tasks to each pool with running workers, up to a
 * backlog of two tasks per worker (plus two), so an idle or quarantined pool does not grow forever.
 */
public final class TaskSource {
  private final Queue queue;
  private final double tasksPerMinutePerWorker;
  private final Map<String, Double> owed = new HashMap<>();

  public TaskSource(Queue queue, double tasksPerMinutePerWorker) {
    this.queue = queue;
    this.tasksPerMinutePerWorker = tasksPerMinutePerWorker;
  }

  /** One second of supply; {@code workerPools} holds one "provisionerId/workerType" per running worker. */
  public void tick(List<String> workerPools) {
    Map<String, Integer> workers = new HashMap<>();
    workerPools.forEach(p -> workers.merge(p, 1, Integer::sum));
    workers.forEach((pool, n) -> {
      String provisioner = pool.substring(0, pool.indexOf('/'));
      String workerType = pool.substring(pool.indexOf('/') + 1);
      double due = owed.getOrDefault(pool, 0.0) + tasksPerMinutePerWorker * n / 60.0;
      int backlog = queue.pendingCount(provisioner, workerType);
      while (due >= 1 && backlog < 2 * n + 2) {
        queue.createTask(provisioner, workerType);
        due -= 1;
        backlog++;
      }
      owed.put(pool, Math.min(due, 1.0));
    });
  }
}
