package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.monitor.NamedFilters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "filters", mixinStandardHelpOptions = true,
    description = {"List the named filters for 'host monitor --filter-name NAME': the ones Fleetroll ships and yours in",
        "$FLEETROLL_HOME/filters/NAME.yaml (a 'query' and an optional 'description', as the MVP's configs/filters/)."})
public final class FiltersCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    var filters = NamedFilters.all(FleetrollHome.fromEnvironment());
    int width = filters.stream().mapToInt(f -> f.name().length()).max().orElse(4);
    for (var f : filters) {
      System.out.printf("%-" + width + "s  %s%n%" + width + "s    %s%s%n", f.name(), f.query(), "",
          f.description(), f.source().equals("built-in") ? "" : " (" + f.source() + ")");
    }
    return ExitCode.OK;
  }
}
