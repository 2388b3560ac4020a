package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start the Temporal dev server and a worker in the background, wait until both answer, and print the Web UI address.",
      "Does nothing for what already runs. The ports are remembered in the data directory for the next start and for the other commands."
    })
public final class ServerStartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT",
      description = "gRPC port of the server (default: FLEETROLL_TEMPORAL_PORT, else the last one used here, else 7233).")
  Integer port;

  @Option(names = "--ui-port", paramLabel = "PORT",
      description = "Web UI port (default: FLEETROLL_TEMPORAL_UI_PORT, else the gRPC port + 1000).")
  Integer uiPort;

  @Option(names = "--no-worker", description = "Start only the server; run a worker yourself with 'fleetroll worker'.")
  boolean noWorker;

  @Override
  public Integer call() {
    new LocalStart(System.getenv(), spec.commandLine().getOut(), spec.commandLine().getErr())
        .start(FleetrollHome.fromEnvironment(), port, uiPort, !noWorker);
    return ExitCode.OK;
  }
}
