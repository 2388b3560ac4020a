package dev.fleetroll.cli.server;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.TemporalEndpoint;
import picocli.CommandLine.Option;

/** The options of every command that talks to Temporal (a picocli mixin). */
public final class TemporalOptions {

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend. Default: FLEETROLL_TEMPORAL_ADDRESS, else the server 'fleetroll server start' "
          + "runs for this data directory, else 127.0.0.1:7233.")
  String address;

  public TemporalEndpoint endpoint() {
    return TemporalEndpoint.resolve(System.getenv(), FleetrollHome.fromEnvironment(), address);
  }

  /** Connects to Temporal as the current actor; fails with one line when it cannot be reached. */
  public TemporalConnection connect() {
    return TemporalConnection.open(endpoint(), TemporalConnection.identity());
  }
}
