package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.LocalServer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the worker, then the Temporal server, of this data directory: SIGTERM, then SIGKILL after a grace period.",
      "Workflows are kept in the server's database and continue after the next start."
    })
public final class ServerStopCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LocalServer local = new LocalServer(FleetrollHome.fromEnvironment());
    PrintWriter out = spec.commandLine().getOut();
    report(out, "Worker", local.stopWorker(), LocalServer.WORKER_STOP_GRACE.toSeconds());
    report(out, "Temporal server", local.stopServer(), LocalServer.SERVER_STOP_GRACE.toSeconds());
    out.flush();
    return ExitCode.OK;
  }

  private static void report(PrintWriter out, String what, Optional<LocalServer.Stopped> stopped, long grace) {
    out.printf("%-16s %s%n", what, stopped
        .map(s -> "pid " + s.pid() + " " + (s.graceful() ? "stopped" : "killed: still running after " + grace + " s"))
        .orElse("was not running"));
  }
}
