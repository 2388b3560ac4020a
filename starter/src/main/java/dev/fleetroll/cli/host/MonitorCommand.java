package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.Style;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.FleetSnapshot;
import dev.fleetroll.inventory.HostState;
import dev.fleetroll.monitor.Cell;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.Durations;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.NamedFilters;
import dev.fleetroll.monitor.Query;
import dev.fleetroll.monitor.RowBuilder;
import dev.fleetroll.store.Json;
import dev.fleetroll.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"The fleet table from the store: what each host runs, whether Puppet applied it, whether its worker is alive.",
        "Live in a terminal (q quit, j/k or arrows scroll, space/b page); printed once when piped or with --once.",
        "Filters: COLUMN OP VALUE (ops >= <= != > < = ~), ANDed; sort:COL[:asc|desc]. Example: 'healthy=n pp_last>20h'."})
public final class MonitorCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "1..*", description = "Host names or host-list files.")
  List<String> targets;

  @Option(names = "--once", description = "Print the table once and exit.")
  boolean once;

  @Option(names = "--json", description = "Print the rows as JSON (one object per host) and exit.")
  boolean json;

  @Option(names = "--filter", paramLabel = "EXPR", description = "Show only rows matching EXPR.")
  String filter;

  @Option(names = "--filter-file", paramLabel = "FILE", description = "A YAML file with 'query' (and optional 'description').")
  Path filterFile;

  @Option(names = "--filter-name", paramLabel = "NAME",
      description = "A named filter: $FLEETROLL_HOME/filters/NAME.yaml, or one Fleetroll ships ('fleetroll host filters' lists them).")
  String filterName;

  @Option(names = "--sort", defaultValue = "host", paramLabel = "COLUMN[:desc]", description = "Sort column (default: ${DEFAULT-VALUE}).")
  String sort;

  @Option(names = "--healthy-threshold", defaultValue = "1h", paramLabel = "AGE",
      description = "HEALTHY needs worker activity within this age (default: ${DEFAULT-VALUE}).")
  String healthyThreshold;

  @Option(names = "--hostname-only", description = "With --once: print only the matching host names.")
  boolean hostnameOnly;

  static final Duration STALE = Duration.ofHours(1);

  @Override
  public Integer call() throws IOException {
    List<String> hosts = HostArguments.parse(targets);
    Query query = Query.parse(queryText());
    Long threshold = Durations.parseSeconds(healthyThreshold);
    if (threshold == null || threshold <= 0) {
      throw new InputException("--healthy-threshold '" + healthyThreshold + "' is not an age (e.g. 30m, 1h)");
    }
    String[] sortParts = sort.split(":");
    Column sortColumn = Column.byName(sortParts[0]);
    if (sortColumn == null) {
      throw new InputException("--sort: unknown column '" + sortParts[0] + "' (known: " + Column.knownNames() + ")");
    }
    boolean descending = sortParts.length > 1 && sortParts[1].equalsIgnoreCase("desc");
    Style style = Style.forStdout();
    boolean live = !once && !json && !hostnameOnly && style.color() && System.console() != null;
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      Table table = new Table(store, hosts, query, sortColumn, descending, Duration.ofSeconds(threshold));
      if (live) {
        return live(table, style);
      }
      Table.Snapshot snap = table.snapshot();
      PrintStream out = System.out;
      if (json) {
        for (MonitorRow row : snap.rows()) {
          Map<String, Object> o = new LinkedHashMap<>();
          for (Column c : Column.values()) {
            o.put(c.key(), row.cell(c).text());
          }
          out.println(Json.write(o));
        }
      } else if (hostnameOnly) {
        snap.rows().forEach(r -> out.println(r.host()));
      } else {
        for (String line : table.render(snap, style, Integer.MAX_VALUE)) {
          out.println(line);
        }
      }
      return 0;
    }
  }

  private String queryText() {
    int given = (filter != null ? 1 : 0) + (filterFile != null ? 1 : 0) + (filterName != null ? 1 : 0);
    if (given > 1) {
      throw new InputException("give at most one of --filter, --filter-file and --filter-name");
    }
    if (filter != null) {
      return filter;
    }
    if (filterName != null) {
      return NamedFilters.named(FleetrollHome.fromEnvironment().root().resolve("filters"), filterName).query();
    }
    return filterFile == null ? "" : NamedFilters.load(filterFile).query();
  }

  private int live(Table table, Style style) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      var saved = terminal.enterRawMode();
      terminal.puts(InfoCmp.Capability.enter_ca_mode);
      terminal.puts(InfoCmp.Capability.cursor_invisible);
      NonBlockingReader reader = terminal.reader();
      int offset = 0;
      Table.Snapshot snap = table.snapshot();
      long lastLoad = System.nanoTime();
      try {
        while (true) {
          int height = Math.max(5, terminal.getHeight());
          int width = Math.max(40, terminal.getWidth());
          List<String> lines = table.render(snap, style, width);
          int bodyRows = height - 3;
          int maxOffset = Math.max(0, lines.size() - 2 - bodyRows);
          offset = Math.max(0, Math.min(offset, maxOffset));
          StringBuilder screen = new StringBuilder("\u001b[H\u001b[2J");
          screen.append(lines.get(0)).append("\r\n").append(lines.get(1)).append("\r\n");
          for (int i = 0; i < bodyRows && 2 + offset + i < lines.size(); i++) {
            screen.append(lines.get(2 + offset + i)).append("\r\n");
          }
          screen.append(style.bold(" q quit  j/k scroll  space/b page  g/G top/bottom ")).append(
              String.format(" rows %d-%d of %d", Math.min(snap.rows().size(), offset + 1),
                  Math.min(snap.rows().size(), offset + bodyRows), snap.rows().size()));
          terminal.writer().print(screen);
          terminal.writer().flush();
          int key = reader.read(500);
          if (key == 'q' || key == 'Q' || key == 3) {
            return 0;
          }
          switch (key) {
            case 'j' -> offset++;
            case 'k' -> offset--;
            case ' ' -> offset += bodyRows;
            case 'b' -> offset -= bodyRows;
            case 'g' -> offset = 0;
            case 'G' -> offset = maxOffset;
            case 27 -> {
              int a = reader.read(20);
              int b = reader.read(20);
              if (a == '[' && b == 'B') {
                offset++;
              } else if (a == '[' && b == 'A') {
                offset--;
              } else if (a == '[' && (b == '6' || b == '5')) {
                reader.read(20);
                offset += b == '6' ? bodyRows : -bodyRows;
              } else if (a == -2 || a == -1) {
                return 0;
              }
            }
            default -> { }
          }
          if (System.nanoTime() - lastLoad > 2_000_000_000L) {
            snap = table.snapshot();
            lastLoad = System.nanoTime();
          }
        }
      } finally {
        terminal.puts(InfoCmp.Capability.cursor_visible);
        terminal.puts(InfoCmp.Capability.exit_ca_mode);
        terminal.setAttributes(saved);
        terminal.flush();
      }
    }
  }

  /** Reads the store and lays out the table. */
  static final class Table {
    private final Store store;
    private final List<String> hosts;
    private final Query query;
    private final Column sortColumn;
    private final boolean descending;
    private final Duration healthyThreshold;
    private final String suffix;

    record Snapshot(Instant at, List<MonitorRow> rows, boolean stale) {}

    Table(Store store, List<String> hosts, Query query, Column sortColumn, boolean descending, Duration healthyThreshold) {
      this.store = store;
      this.hosts = hosts;
      this.query = query;
      this.sortColumn = sortColumn;
      this.descending = descending;
      this.healthyThreshold = healthyThreshold;
      this.suffix = commonSuffix(hosts);
    }

    Snapshot snapshot() {
      FleetSnapshot fleet = FleetSnapshot.load(store, hosts, Instant.now());
      List<MonitorRow> rows = new ArrayList<>();
      Instant newestOk = null;
      for (MonitorRow row : RowBuilder.rows(fleet, healthyThreshold)) {
        String host = row.host();
        if (!suffix.isEmpty() && host.endsWith(suffix)) {
          Map<Column, Cell> cells = new java.util.EnumMap<>(row.cells());
          cells.put(Column.HOST, Cell.of(host.substring(0, host.length() - suffix.length()), row.cell(Column.HOST).tone()));
          row = new MonitorRow(host, cells);
        }
        rows.add(row);
      }
      for (HostState h : fleet.hosts()) {
        HostObservation ok = h.history() == null ? null : h.history().latestOk();
        if (ok != null && (newestOk == null || ok.observedAt().isAfter(newestOk))) {
          newestOk = ok.observedAt();
        }
      }
      Instant now = fleet.at();
      rows.sort(Query.by(sortColumn, descending));
      rows = query.apply(rows);
      boolean stale = newestOk == null || Duration.between(newestOk, now).compareTo(STALE) > 0;
      return new Snapshot(now, rows, stale);
    }

    /** Header line, column line, then one line per row; columns dropped from the right to fit {@code width}. */
    List<String> render(Snapshot snap, Style style, int width) {
      List<Column> columns = new ArrayList<>(Column.displayed());
      Map<Column, Integer> widths = new LinkedHashMap<>();
      for (Column c : columns) {
        int w = c.header().length();
        for (MonitorRow r : snap.rows()) {
          w = Math.max(w, r.cell(c).text().length());
        }
        widths.put(c, w);
      }
      while (columns.size() > 2 && total(columns, widths) > width) {
        columns.remove(columns.size() - 1);
      }
      List<String> lines = new ArrayList<>();
      String header = style.bold("fleetroll monitor") + "  hosts=" + snap.rows().size() + "/" + hosts.size()
          + (suffix.isEmpty() ? "" : "  fqdn=" + suffix.substring(1))
          + (query.text().isEmpty() ? "" : "  /" + query.text())
          + "  updated=" + snap.at().toString().substring(11, 19) + "Z"
          + (snap.stale() ? "  " + style.bad("[stale]") : "");
      lines.add(header);
      StringBuilder head = new StringBuilder();
      for (Column c : columns) {
        head.append(pad(c.header(), widths.get(c))).append("  ");
      }
      lines.add(style.bold(head.toString().stripTrailing()));
      for (MonitorRow r : snap.rows()) {
        StringBuilder line = new StringBuilder();
        for (Column c : columns) {
          Cell cell = r.cell(c);
          line.append(style.tone(cell.text(), cell.tone())).append(" ".repeat(widths.get(c) - cell.text().length())).append("  ");
        }
        lines.add(line.toString().stripTrailing());
      }
      return lines;
    }

    private static int total(List<Column> columns, Map<Column, Integer> widths) {
      return columns.stream().mapToInt(c -> widths.get(c) + 2).sum();
    }

    private static String pad(String s, int w) {
      return s + " ".repeat(Math.max(0, w - s.length()));
    }

    /** The DNS suffix every host shares (".test.releng.mdc1.mozilla.com"), or "". */
    static String commonSuffix(List<String> hosts) {
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
}
