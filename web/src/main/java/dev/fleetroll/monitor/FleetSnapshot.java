package dev.fleetroll.monitor;

import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.drift.FleetState;
import dev.fleetroll.inventory.drift.HostState;
import dev.fleetroll.store.Store;
import java.time.Duration;
import java.time.Instant;
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
    return of(FleetState.load(store, hosts, Instant.now()), healthyThreshold);
  }

  /** The rows of what the store knew ({@link FleetState}): notes, branch heads and all. */
  public static FleetSnapshot of(FleetState fleet, Duration healthyThreshold) {
    String suffix = commonSuffix(fleet.hosts().stream().map(HostState::host).toList());
    List<MonitorRow> rows = RowBuilder.rows(fleet, healthyThreshold).stream().map(r -> shortened(r, suffix)).toList();
    Instant newestOk = null;
    for (HostState h : fleet.hosts()) {
      HostObservation ok = h.history() == null ? null : h.history().latestOk();
      if (ok != null && (newestOk == null || ok.observedAt().isAfter(newestOk))) {
        newestOk = ok.observedAt();
      }
    }
    boolean stale = newestOk == null || Duration.between(newestOk, fleet.at()).compareTo(STALE) > 0;
    return new FleetSnapshot(fleet.at(), rows, suffix, stale);
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
