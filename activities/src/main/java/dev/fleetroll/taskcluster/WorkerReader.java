package dev.fleetroll.taskcluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a host's worker from Taskcluster: finds its pool (role mapping, or the override's
 * WORKER_TYPE_OVERRIDE) and group (by listing the pool once per pool), then its quarantine state and
 * history, last activity, and the outcome of its recent task runs.
 */
public final class WorkerReader {

  private final TaskclusterClient client;
  private final WorkerPools pools;
  private final int recentRuns;
  private final Clock clock;
  private final Map<String, Map<String, String>> groupsByPool = new ConcurrentHashMap<>();

  /** @param recentRuns how many of the newest recent tasks to look up (one status call each) */
  public WorkerReader(TaskclusterClient client, WorkerPools pools, int recentRuns) {
    this.client = client;
    this.pools = pools;
    this.recentRuns = recentRuns;
    this.clock = Clock.systemUTC();
  }

  /** The address of a host's worker, or null when its role maps to no pool. */
  public WorkerAddress address(String host, String role, String workerTypeOverride) {
    String workerType = pools.workerType(role, workerTypeOverride);
    if (workerType == null) {
      return null;
    }
    String workerId = WorkerPools.workerId(host);
    String pool = pools.provisioner() + "/" + workerType;
    Map<String, String> groups = groupsByPool.computeIfAbsent(pool, p -> {
      Map<String, String> byId = new ConcurrentHashMap<>();
      for (TaskclusterClient.ListedWorker w : client.listWorkers(pools.provisioner(), workerType, null)) {
        byId.put(w.workerId(), w.workerGroup());
      }
      return byId;
    });
    String group = groups.getOrDefault(workerId, WorkerPools.DEFAULT_WORKER_GROUP);
    return new WorkerAddress(pools.provisioner(), workerType, group, workerId);
  }

  /** Never throws for Taskcluster trouble: the snapshot's outcome says what happened. */
  public WorkerSnapshot read(String host, String role, String workerTypeOverride) {
    Instant now = clock.instant();
    String workerId = WorkerPools.workerId(host);
    WorkerAddress address;
    try {
      address = address(host, role, workerTypeOverride);
    } catch (TaskclusterException e) {
      return WorkerSnapshot.failed(host, now, "error", e.getMessage(), null, workerId);
    }
    if (address == null) {
      return WorkerSnapshot.failed(host, now, "unmapped",
          role == null ? "no role known for the host (audit it first)" : "role " + role + " maps to no worker pool",
          null, workerId);
    }
    Worker worker;
    try {
      worker = client.worker(address);
    } catch (TaskclusterException e) {
      return WorkerSnapshot.failed(host, now, e.notFound() ? "not_found" : "error", e.getMessage(), address.poolId(),
          workerId);
    }
    List<Worker.QuarantineDetail> details = worker.quarantineDetails();
    try {
      details = client.workerWithHistory(address).quarantineDetails();
    } catch (TaskclusterException e) {
      // The history only adds the reason; the queue's answer above is the state.
    }
    List<TaskRun> runs = new ArrayList<>();
    List<Worker.TaskRef> refs = worker.recentTasks();
    for (Worker.TaskRef ref : refs.subList(Math.max(0, refs.size() - recentRuns), refs.size())) {
      try {
        runs.add(client.taskRun(ref.taskId(), ref.runId()));
      } catch (TaskclusterException e) {
        if (!e.notFound()) {
          runs.add(new TaskRun(ref.taskId(), ref.runId(), "unknown", null, null, null, null, null));
        }
      }
    }
    String reason = details == null || details.isEmpty() ? null : details.get(details.size() - 1).quarantineInfo();
    return new WorkerSnapshot(host, now, "ok", null, address.poolId(), worker.address().workerGroup(), workerId,
        worker.quarantined(now), worker.quarantineUntil(), reason, details == null ? List.of() : details,
        worker.lastDateActive(), runs);
  }
}
