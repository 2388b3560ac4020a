package dev.fleetroll.web;

import dev.fleetroll.inventory.drift.DriftType;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.NamedFilters;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.host.HostProgress;
import dev.fleetroll.rollout.host.HostSummary;
import dev.fleetroll.store.Note;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What each page template is given. */
public final class Page {

  private Page() {}

  /** The fleet table. {@code table} is null when the filter or sort was refused ({@code error} says why). */
  public record FleetView(Instant now, StoredFleet.FleetTable table, String filter, String sort, String error,
      List<NamedFilters.NamedFilter> filters) {

    public List<Column> columns() {
      return Column.displayed();
    }

    /** The link that sorts by {@code c}: ascending, or descending when it is the ascending sort now. */
    public String sortLink(Column c) {
      boolean again = table != null && table.sort().column() == c && !table.sort().descending();
      return Html.link("/", "filter", filter, "sort", c.key() + (again ? ":desc" : ""));
    }

    public String sortMark(Column c) {
      if (table == null || table.sort().column() != c || table.query().hasSort()) {
        return "";
      }
      return table.sort().descending() ? " ▼" : " ▲";
    }
  }

  public record HostView(Instant now, StoredFleet.HostHistory history) {
    public List<Column> columns() {
      return List.of(Column.values());
    }

    /** Whether a note of the host's log (newest first) is a clear or hidden by one: the NOTE column no longer shows it. */
    public boolean cleared(Note note) {
      List<Note> log = history.notes();
      for (Note n : log) {
        if (n.clear()) {
          return log.indexOf(note) >= log.indexOf(n);
        }
      }
      return false;
    }
  }

  /** {@code error} is set (and {@code rollouts} empty) when the rollouts cannot be read. */
  public record RolloutsView(Instant now, List<Rollouts.Summary> rollouts, String source, String error) {}

  public record RolloutView(Instant now, Rollouts.Detail detail, GateSeries gates, List<Plot> plots) {

    public RolloutProgress progress() {
      return detail.progress();
    }

    public String stageName(HostRecord h) {
      List<dev.fleetroll.rollout.StageProgress> stages = progress().stages();
      return h.stage() >= 0 && h.stage() < stages.size() ? stages.get(h.stage()).name() : "-";
    }

    /** A host's step: live for a host in flight, else where it stopped. */
    public String step(HostRecord h) {
      HostProgress live = detail.live().get(h.host());
      return live != null && h.status() == HostStatus.IN_FLIGHT ? live.step().code() : HostSummary.step(h);
    }

    public String inStep(HostRecord h) {
      HostProgress live = detail.live().get(h.host());
      return live != null && h.status() == HostStatus.IN_FLIGHT && live.stepSince() != null
          ? Html.duration(Duration.between(live.stepSince(), now)) : "-";
    }

    public String evidence(HostRecord h) {
      return h.status() == HostStatus.IN_FLIGHT ? "" : HostSummary.evidence(h);
    }

    public String hostState(HostRecord h) {
      return h.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public record PoolsView(Instant now, PoolTrend trend, Duration window, List<Plot> plots) {}

  /** @param type the one type shown, null for all */
  public record DriftView(Instant now, StoredFleet.DriftReport report, DriftType type) {

    public List<DriftType> types() {
      return List.of(DriftType.values());
    }
  }

  /** A page that could not be shown: not found, a refused request, a source that cannot be read. */
  public record ErrorView(int status, String title, String message) {}
}
