package dev.fleetroll.cli.host;

import dev.fleetroll.cli.Style;
import dev.fleetroll.monitor.Cell;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.FleetSnapshot;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.Query;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How the monitor lays out its table in a terminal: the rows shown, column widths, one line per row. */
final class MonitorTable {

  private MonitorTable() {}

  /** The rows {@code query} keeps, sorted by {@code sort} (the query's own sort: wins). */
  static List<MonitorRow> view(FleetSnapshot snapshot, Query query, Column sort, boolean descending) {
    List<MonitorRow> rows = new ArrayList<>(snapshot.rows());
    rows.sort(Query.by(sort, descending));
    return query.apply(rows);
  }

  /** Each column as wide as its header and its widest cell among {@code rows}. */
  static Map<Column, Integer> widths(List<MonitorRow> rows, List<Column> columns) {
    Map<Column, Integer> widths = new EnumMap<>(Column.class);
    for (Column c : columns) {
      int w = c.header().length();
      for (MonitorRow r : rows) {
        w = Math.max(w, r.cell(c).text().length());
      }
      widths.put(c, w);
    }
    return widths;
  }

  static String header(List<Column> columns, Map<Column, Integer> widths, Style style) {
    StringBuilder head = new StringBuilder();
    for (Column c : columns) {
      head.append(c.header()).append(" ".repeat(widths.get(c) - c.header().length() + 2));
    }
    return style.bold(head.toString().stripTrailing());
  }

  static String line(MonitorRow row, List<Column> columns, Map<Column, Integer> widths, Style style) {
    StringBuilder line = new StringBuilder();
    for (Column c : columns) {
      Cell cell = row.cell(c);
      line.append(style.tone(cell.text(), cell.tone())).append(" ".repeat(widths.get(c) - cell.text().length() + 2));
    }
    return line.toString().stripTrailing();
  }
}
