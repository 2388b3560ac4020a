package dev.fleetroll.cli.sim;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.sim.daemon.SimControl;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir D}: the fleet directory, {@code $FLEETROLL_HOME/sim} by default. */
final class FleetDirOption {
  @Option(names = "--dir", paramLabel = "D", description = "Fleet directory (default: $FLEETROLL_HOME/sim).")
  Path dir;

  Path dir() {
    return dir != null ? dir.toAbsolutePath().normalize() : FleetrollHome.fromEnvironment().sim();
  }

  SimControl control() {
    return new SimControl(dir());
  }
}
