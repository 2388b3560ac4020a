package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.capacity.CapacityActivities;
import dev.fleetroll.rollout.capacity.PoolLook;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterClient.ListedWorker;
import dev.fleetroll.taskcluster.TaskclusterException;
import dev.fleetroll.taskcluster.WorkerPools;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a pool's capacity from Taskcluster: the queue's listWorkers (the workers seen in the last day, and
 * those quarantined; a quarantine counts only while its end lies ahead) and its pending count.
 */
public final class CapacityActivitiesImpl implements CapacityActivities {

  private final Supplier<TaskclusterClient> taskcluster;
  private final WorkerPools pools;
  private final Clock clock;

  public CapacityActivitiesImpl(Supplier<TaskclusterClient> taskcluster, WorkerPools pools, Clock clock) {
    this.taskcluster = taskcluster;
    this.pools = pools;
    this.clock = clock;
  }

  @Override
  public PoolLook lookAtPool(String role) {
    String workerType = pools.workerType(role, null);
    if (workerType == null) {
      return PoolLook.none();
    }
    return Heartbeats.around(() -> {
      try {
        TaskclusterClient client = taskcluster.get();
        List<ListedWorker> workers = client.listWorkers(pools.provisioner(), workerType, null);
        int pending = client.pendingTasks(pools.provisioner(), workerType);
        Instant now = clock.instant();
        return new PoolLook(pools.provisioner() + "/" + workerType, workers.stream().map(ListedWorker::workerId).toList(),
            workers.stream().filter(w -> w.quarantineUntil() != null && w.quarantineUntil().isAfter(now))
                .map(ListedWorker::workerId).toList(), pending);
      } catch (TaskclusterException e) {
        throw ActivityFailures.of(e);
      }
    });
  }
}
