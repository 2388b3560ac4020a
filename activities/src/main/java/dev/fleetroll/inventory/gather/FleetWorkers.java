package dev.fleetroll.inventory.gather;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Reads many hosts' workers at once (at most {@code concurrency} in flight) and records each read in
 * the store. A host's pool comes from its last successful audit: its role, or its override's
 * WORKER_TYPE_OVERRIDE.
 */
public final class FleetWorkers {

  private final WorkerReader reader;
  private final Store store;
  private final int concurrency;

  public FleetWorkers(WorkerReader reader, Store store, int concurrency) {
    this.reader = reader;
    this.store = store;
    this.concurrency = concurrency;
  }

  /** Reads {@code hosts} in order; calls {@code progress} as each finishes (from worker threads). */
  public List<WorkerSnapshot> read(List<String> hosts, Consumer<WorkerSnapshot> progress) {
    Map<String, Store.HostHistory> known = store.latestObservations(hosts);
    Semaphore slots = new Semaphore(concurrency);
    List<Future<WorkerSnapshot>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String host : hosts) {
        futures.add(pool.submit(() -> {
          slots.acquire();
          try {
            Store.HostHistory h = known.get(host);
            HostAudit audit = h == null || h.latestOk() == null ? null : h.latestOk().audit();
            WorkerSnapshot s = reader.read(host, audit == null ? null : audit.role(), workerTypeOverride(audit));
            store.recordWorker(s);
            progress.accept(s);
            return s;
          } finally {
            slots.release();
          }
        }));
      }
      List<WorkerSnapshot> out = new ArrayList<>();
      for (Future<WorkerSnapshot> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Taskcluster read interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Taskcluster read failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static String workerTypeOverride(HostAudit audit) {
    return audit == null || audit.overrideContent() == null ? null
        : OverrideFile.parse("override", audit.overrideContent().getBytes(StandardCharsets.UTF_8)).workerTypeOverride();
  }
}
