package dev.fleetroll.monitor;

import dev.fleetroll.host.HostObservation;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's rows for some hosts at one moment, read from the store: what the terminal table, its
 * {@code --once} and {@code --json} forms and the web view all show. Rows are in the order of the hosts
 * given; the common DNS suffix is cut from HOST (the row keeps the full name).
 *
 * @param suffix the DNS suffix every host shares (".test.releng.mdc1.mozilla.com"), or ""
 * @param stale no host had a good audit within {@link #STALE}
 */
public record FleetSnapshot(Instant at, List<MonitorRow> rows, String suffix, boolean stale) {

  public static final Duration STALE = Duration.ofHours(1);

  public static FleetSnapshot read(Store store, List<String> hosts, Duration healthyThreshold) {
    Instant now = Instant.now();
    Map<String, Store.HostHistory> observations = store.latestObservations(hosts);
    Map<String, WorkerSnapshot> workers = store.latestWorkers(hosts);
    Map<String, Instant> changes = store.lastChanges(hosts);
    RowBuilder builder = new RowBuilder(now, healthyThreshold);
    String suffix = commonSuffix(hosts);
    List<MonitorRow> rows = new ArrayList<>();
    Instant newestOk = null;
    for (String host : hosts) {
      Store.HostHistory h = observations.get(host);
      rows.add(shortened(builder.build(host, h, workers.get(host), changes.get(host)), suffix));
      HostObservation ok = h == null ? null : h.latestOk();
      if (ok != null && (newestOk == null || ok.observedAt().isAfter(newestOk))) {
        newestOk = ok.observedAt();
      }
    }
    boolean stale = newestOk == null || Duration.between(newestOk, now).compareTo(STALE) > 0;
    return new FleetSnapshot(now, List.copyOf(rows), suffix, stale);
  }

  /** The row with {@code suffix} cut from its HOST cell. */
  public static MonitorRow shortened(MonitorRow row, String suffix) {
    Cell host = row.cell(Column.HOST);
    if (suffix.isEmpty() || !host.text().endsWith(suffix)) {
      return row;
    }
    Map<Column, Cell> cells = new EnumMap<>(row.cells());
    cells.put(Column.HOST, new Cell(host.text().substring(0, host.text().length() - suffix.length()), host.tone(), null));
    return new MonitorRow(row.host(), cells);
  }

  /** The DNS suffix every host shares (".test.releng.mdc1.mozilla.com"), or "". */
  public static String commonSuffix(List<String> hosts) {
    if (hosts.size() < 2 || hosts.stream().anyMatch(h -> !h.contains("."))) {
      return "";
    }
    String first = hosts.get(0);
    String suffix = first.substring(first.indexOf('.'));
    for (String h : hosts) {
      while (!suffix.isEmpty() && !h.endsWith(suffix)) {
        int next = suffix.indexOf('.', 1);
        suffix = next < 0 ? "" : suffix.substring(next);
      }
    }
    return suffix;
  }
}
