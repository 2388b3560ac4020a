package dev.fleetroll.inventory;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the sources that are due, the hosts in batches with a few batches at a time, and records
 * each source's run. A source that cannot be read (no Taskcluster settings on the worker, GitHub down)
 * is reported in the result and does not stop the others.
 */
public final class InventoryGatherWorkflowImpl implements InventoryGatherWorkflow {

  private final InventoryActivities quick = Workflow.newActivityStub(InventoryActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
      .build());

  /** A batch audits up to 50 hosts (each bounded by the audit's own deadline) and heartbeats per host. */
  private final InventoryActivities batches = Workflow.newActivityStub(InventoryActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setHeartbeatTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).setInitialInterval(Duration.ofSeconds(10)).build())
      .build());

  @Override
  public GatherResult gather(GatherRequest request) {
    Set<GatherSource> due = quick.dueSources(request);
    Map<GatherSource, Map<String, Integer>> counts = new EnumMap<>(GatherSource.class);
    List<String> errors = new ArrayList<>();
    // Hosts first: the Taskcluster read takes each host's pool, and the GitHub read each host's branch, from its audit.
    if (due.contains(GatherSource.HOSTS)) {
      run(GatherSource.HOSTS, request, batches::auditHostBatch, counts, errors);
    }
    if (due.contains(GatherSource.TASKCLUSTER)) {
      run(GatherSource.TASKCLUSTER, request, batches::readWorkerBatch, counts, errors);
    }
    if (due.contains(GatherSource.GITHUB)) {
      long started = Workflow.currentTimeMillis();
      try {
        Map<String, Integer> c = batches.readBranchHeads(request.hosts());
        counts.put(GatherSource.GITHUB, c);
        quick.recordGatherRun(GatherSource.GITHUB, started, c);
      } catch (ActivityFailure e) {
        errors.add(GatherSource.GITHUB.label() + ": " + message(e));
      }
    }
    return new GatherResult(counts, errors);
  }

  private void run(GatherSource source, GatherRequest request, Function<List<String>, Map<String, Integer>> activity,
      Map<GatherSource, Map<String, Integer>> counts, List<String> errors) {
    long started = Workflow.currentTimeMillis();
    List<String> hosts = request.hosts();
    int size = Math.max(1, request.batchSize());
    Map<String, Integer> total = new TreeMap<>();
    List<Promise<Map<String, Integer>>> running = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < hosts.size(); from += size) {
      List<String> batch = List.copyOf(hosts.subList(from, Math.min(hosts.size(), from + size)));
      running.add(Async.function(activity::apply, batch));
      if (running.size() >= Math.max(1, request.parallelBatches())) {
        collect(running.remove(0), total, failed);
      }
    }
    while (!running.isEmpty()) {
      collect(running.remove(0), total, failed);
    }
    counts.put(source, total);
    if (!failed.isEmpty()) {
      errors.add(source.label() + ": " + failed.size() + " batch(es) failed: " + failed.get(0));
    }
    quick.recordGatherRun(source, started, total);
  }

  private static void collect(Promise<Map<String, Integer>> batch, Map<String, Integer> total, List<String> failed) {
    try {
      batch.get().forEach((k, v) -> total.merge(k, v, Integer::sum));
    } catch (ActivityFailure e) {
      failed.add(message(e));
    }
  }

  private static String message(ActivityFailure e) {
    return e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
  }
}
