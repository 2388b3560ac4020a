package dev.fleetroll.web;

import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.drift.Drift;
import dev.fleetroll.inventory.drift.DriftFinding;
import dev.fleetroll.inventory.drift.DriftType;
import dev.fleetroll.inventory.drift.RolloutStates;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.FleetSnapshot;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.NamedFilters;
import dev.fleetroll.monitor.Query;
import dev.fleetroll.monitor.RowBuilder;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fleet as the store of this process's data directory knows it: every host it has observed, as the
 * monitor's rows, with its history, notes and drift. Read-only; the store is opened on first use.
 */
@Singleton
public class StoredFleet implements AutoCloseable {

  /** How many of a host's observations its page shows. */
  static final int HISTORY = 50;

  private final FleetrollHome home;
  private Store store;

  public StoredFleet(FleetrollHome home) {
    this.home = home;
  }

  synchronized Store store() {
    if (store == null) {
      store = Store.open(home);
    }
    return store;
  }

  public FleetrollHome home() {
    return home;
  }

  /**
   * The fleet table: the rows {@code filter} matches (the monitor's query language), sorted by {@code
   * sort} ({@code COLUMN[:asc|desc]}, default host) unless the filter has its own {@code sort:}.
   *
   * @throws InputException for a filter or sort the monitor would refuse
   */
  public FleetTable table(String filter, String sort) {
    Query query = Query.parse(filter);
    SortKey key = SortKey.parse(sort);
    Store s = store();
    FleetSnapshot snapshot = FleetSnapshot.read(s, s.hosts(), RowBuilder.DEFAULT_HEALTHY_THRESHOLD);
    List<MonitorRow> rows = new ArrayList<>(snapshot.rows());
    rows.sort(Query.by(key.column(), key.descending()));
    return new FleetTable(snapshot, query.apply(rows), query, key);
  }

  /** The table's sort: a column and a direction. */
  public record SortKey(Column column, boolean descending) {
    static SortKey parse(String text) {
      if (text == null || text.isBlank()) {
        return new SortKey(Column.HOST, false);
      }
      String[] parts = text.strip().split(":");
      Column c = Column.byName(parts[0]);
      if (c == null || parts.length > 2 || (parts.length == 2 && !parts[1].matches("(?i)asc|desc"))) {
        throw new InputException("sort: '" + text + "' is not COLUMN[:asc|desc] (columns: " + Column.knownNames() + ")");
      }
      return new SortKey(c, parts.length == 2 && parts[1].equalsIgnoreCase("desc"));
    }

    public String text() {
      return column.key() + (descending ? ":desc" : "");
    }
  }

  /** The rows shown, out of the snapshot's. */
  public record FleetTable(FleetSnapshot snapshot, List<MonitorRow> rows, Query query, SortKey sort) {}

  /**
   * A host's row, its observations and Taskcluster reads over time, its notes and their clears (all newest
   * first); empty for a host never seen.
   */
  public Optional<HostHistory> host(String name) {
    Store s = store();
    if (!s.hosts().contains(name)) {
      return Optional.empty();
    }
    FleetSnapshot one = FleetSnapshot.read(s, List.of(name), RowBuilder.DEFAULT_HEALTHY_THRESHOLD);
    return Optional.of(new HostHistory(name, one.rows().getFirst(), s.observations(name, HISTORY), s.workers(name, HISTORY),
        s.noteLog(name).reversed()));
  }

  public record HostHistory(String host, MonitorRow row, List<HostObservation> observations, List<WorkerSnapshot> workers,
      List<Note> notes) {}

  /**
   * The drift of every host in the store, as {@code fleetroll host drift} finds it (its default thresholds),
   * of one type or ({@code type} null) all. Quarantines are judged against the rollouts' states; when they
   * cannot be read now, the other types still are and {@code message} says so.
   */
  public DriftReport drift(Rollouts rollouts, DriftType type) {
    RolloutStates states;
    String message = null;
    try {
      states = rollouts.states();
    } catch (Rollouts.Unavailable e) {
      states = RolloutStates.UNKNOWN;
      message = e.getMessage() + ": quarantines are not judged";
    }
    Store s = store();
    List<DriftFinding> findings = new Drift(Drift.Settings.defaults()).detect(s, s.hosts(), states);
    return new DriftReport(Instant.now(), states.known(), message,
        findings.stream().filter(f -> type == null || f.type() == type).toList());
  }

  /** @param message why some drift could not be judged now, else null */
  public record DriftReport(Instant at, boolean rolloutsKnown, String message, List<DriftFinding> findings) {}

  /** The named filters of this data directory. */
  public List<NamedFilters.NamedFilter> filters() {
    return NamedFilters.all(home);
  }

  /** APPLIED and HEALTHY per pool over the last {@code window}. */
  public PoolTrend pools(Duration window, int points) {
    return PoolTrend.read(store(), Instant.now(), window, points);
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
