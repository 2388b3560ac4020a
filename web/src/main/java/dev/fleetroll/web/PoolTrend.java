package dev.fleetroll.web;

import dev.fleetroll.host.HostObservation;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.RowBuilder;
import dev.fleetroll.store.HostChange;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How many hosts of each pool were APPLIED and HEALTHY over time: at each of {@code points} moments the
 * monitor's row of every host is built from what the store held then (its newest audit and Taskcluster
 * read up to that moment, our last change before it), so the counts mean what the monitor's columns mean.
 * Hosts are grouped by their Taskcluster pool at that moment ("(no pool)" before their first read).
 *
 * @param times the moments, oldest first
 * @param pools per pool, sorted by name
 */
public record PoolTrend(List<Instant> times, Map<String, Counts> pools) {

  public static final String NO_POOL = "(no pool)";

  /** Per moment: hosts seen in the pool, APPLIED=Y, HEALTHY=Y. */
  public record Counts(int[] hosts, int[] applied, int[] healthy) {
    public int latestHosts() {
      return hosts[hosts.length - 1];
    }

    public int latestApplied() {
      return applied[applied.length - 1];
    }

    public int latestHealthy() {
      return healthy[healthy.length - 1];
    }
  }

  static PoolTrend read(Store store, Instant now, Duration window, int points) {
    Instant since = now.minus(window);
    Map<String, List<HostObservation>> observations = new HashMap<>();
    for (HostObservation o : store.observationsSince(since)) {
      observations.computeIfAbsent(o.host(), h -> new ArrayList<>()).add(o);
    }
    Map<String, List<WorkerSnapshot>> workers = new HashMap<>();
    for (WorkerSnapshot w : store.workersSince(since)) {
      workers.computeIfAbsent(w.host(), h -> new ArrayList<>()).add(w);
    }
    Map<String, List<Instant>> changes = new HashMap<>();
    for (HostChange c : store.changes()) {
      changes.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c.at());
    }
    TreeSet<String> hosts = new TreeSet<>(observations.keySet());
    hosts.addAll(workers.keySet());
    Instant first = now;
    for (List<HostObservation> list : observations.values()) {
      first = min(first, list.getFirst().observedAt());
    }
    for (List<WorkerSnapshot> list : workers.values()) {
      first = min(first, list.getFirst().observedAt());
    }
    List<Instant> times = new ArrayList<>();
    int n = Math.max(2, points);
    long span = Duration.between(first, now).toMillis();
    for (int i = 0; i < n; i++) {
      times.add(first.plusMillis(span * i / (n - 1)));
    }
    Map<String, Counts> pools = new TreeMap<>();
    for (String host : hosts) {
      List<HostObservation> obs = observations.getOrDefault(host, List.of());
      List<WorkerSnapshot> ws = workers.getOrDefault(host, List.of());
      List<Instant> cs = changes.getOrDefault(host, List.of());
      for (int i = 0; i < n; i++) {
        Instant t = times.get(i);
        HostObservation latest = null;
        HostObservation latestOk = null;
        for (HostObservation o : obs) {
          if (o.observedAt().isAfter(t)) {
            break;
          }
          latest = o;
          latestOk = o.ok() ? o : latestOk;
        }
        WorkerSnapshot worker = null;
        for (WorkerSnapshot w : ws) {
          if (w.observedAt().isAfter(t)) {
            break;
          }
          worker = w;
        }
        if (latest == null && worker == null) {
          continue;
        }
        Instant change = null;
        for (Instant c : cs) {
          if (!c.isAfter(t)) {
            change = c;
          }
        }
        // APPLIED and HEALTHY depend on neither notes nor branch heads: the row is built without them.
        MonitorRow row = new RowBuilder(t, RowBuilder.DEFAULT_HEALTHY_THRESHOLD)
            .build(host, new Store.HostHistory(latest, latestOk), worker, change);
        String pool = worker == null || worker.poolId() == null ? NO_POOL : worker.poolId();
        Counts c = pools.computeIfAbsent(pool, p -> new Counts(new int[n], new int[n], new int[n]));
        c.hosts()[i]++;
        c.applied()[i] += row.cell(Column.APPLIED).text().equals("Y") ? 1 : 0;
        c.healthy()[i] += row.cell(Column.HEALTHY).text().equals("Y") ? 1 : 0;
      }
    }
    return new PoolTrend(List.copyOf(times), pools);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
