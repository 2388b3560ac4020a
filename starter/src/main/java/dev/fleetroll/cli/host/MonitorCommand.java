package dev.fleetroll.cli.host;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.Style;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.json.Json;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.FleetSnapshot;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.NamedFilters;
import dev.fleetroll.monitor.Query;
import dev.fleetroll.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"The fleet table from the store: what each host runs, whether Puppet applied it, whether its worker is alive.",
        "Live in a terminal: arrows or h/j/k/l scroll (HOST stays), / filters (with history), f picks a named or",
        "recent filter, s/S sort, c shows or hides columns, ? help, q quits. Printed once when piped or with --once.",
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
    Duration healthy = Duration.ofSeconds(threshold);
    FleetrollHome home = FleetrollHome.fromEnvironment();
    try (Store store = Store.open(home)) {
      if (live) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
          new MonitorScreen(terminal, () -> FleetSnapshot.read(store, hosts, healthy), hosts.size(), query, sortColumn,
              descending, new FilterHistory(home), NamedFilters.all(home)).run();
        }
        return 0;
      }
      FleetSnapshot snapshot = FleetSnapshot.read(store, hosts, healthy);
      List<MonitorRow> rows = MonitorTable.view(snapshot, query, sortColumn, descending);
      PrintStream out = System.out;
      if (json) {
        for (MonitorRow row : rows) {
          Map<String, Object> o = new LinkedHashMap<>();
          for (Column c : Column.values()) {
            o.put(c.key(), row.cell(c).text());
          }
          out.println(Json.write(o));
        }
      } else if (hostnameOnly) {
        rows.forEach(r -> out.println(r.host()));
      } else {
        List<Column> columns = Column.displayed();
        Map<Column, Integer> widths = MonitorTable.widths(rows, columns);
        out.println(style.bold("fleetroll monitor") + "  hosts=" + rows.size() + "/" + hosts.size()
            + (snapshot.suffix().isEmpty() ? "" : "  fqdn=" + snapshot.suffix().substring(1))
            + (query.text().isEmpty() ? "" : "  /" + query.text())
            + "  updated=" + snapshot.at().toString().substring(11, 19) + "Z"
            + (snapshot.stale() ? "  " + style.bad("[stale]") : ""));
        out.println(MonitorTable.header(columns, widths, style));
        rows.forEach(r -> out.println(MonitorTable.line(r, columns, widths, style)));
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
      return NamedFilters.named(FleetrollHome.fromEnvironment(), filterName).query();
    }
    return filterFile == null ? "" : NamedFilters.load(filterFile).query();
  }
}
