package dev.fleetroll.monitor;

import java.util.Map;

/** One host's row: a cell per column (displayed and filter-only). */
public record MonitorRow(String host, Map<Column, Cell> cells) {
  public Cell cell(Column column) {
    Cell c = cells.get(column);
    return c == null ? Cell.plain("-") : c;
  }
}
