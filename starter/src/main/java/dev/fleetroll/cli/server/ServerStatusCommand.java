package dev.fleetroll.cli.server;

import dev.fleetroll.Durations;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.ServerPorts;
import dev.fleetroll.server.TemporalEndpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Say what runs for this data directory: pids, addresses, memory, the Web UI and the logs.",
      "Exit code 0 when the server and the worker run, 1 otherwise."
    })
public final class ServerStatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    FleetrollHome home = FleetrollHome.fromEnvironment();
    LocalServer local = new LocalServer(home);
    PrintWriter out = spec.commandLine().getOut();
    Optional<ServerPorts> ports = local.ports();
    Optional<ProcessHandle> server = local.server();
    Optional<ProcessHandle> worker = local.worker();
    TemporalEndpoint endpoint = TemporalEndpoint.resolve(System.getenv(), home);

    out.printf("%-16s %s%n", "Temporal server", server
        .map(p -> running(p, ports.map(ServerPorts::address).orElse("?")))
        .orElse("not running" + ports.map(pp -> " (last at " + pp.address() + ")").orElse("")));
    out.printf("%-16s %s%n", "Worker", worker
        .map(p -> running(p, "task queue '" + endpoint.taskQueue() + "'")
            + local.workerHttp(p).map(url -> "  health " + url + "/health").orElse(""))
        .orElse("not running"));
    if (server.isPresent()) {
      out.printf("%-16s %s%n", "Web UI", ports.map(ServerPorts::webUi).orElse("?"));
    }
    out.printf("%-16s %s%n", "Data directory", home.root());
    out.printf("%-16s %s, %s%n", "Logs", local.serverLog(), local.workerLog());
    if (!endpoint.address().equals(ports.map(ServerPorts::address).orElse(endpoint.address()))) {
      out.printf("%-16s %s (FLEETROLL_TEMPORAL_ADDRESS or TEMPORAL_ADDRESS), not this local server%n", "Commands use",
          endpoint.address());
    }
    out.flush();
    return server.isPresent() && worker.isPresent() ? ExitCode.OK : ExitCode.FAILED;
  }

  private static String running(ProcessHandle process, String where) {
    String uptime = process.info().startInstant()
        .map(start -> "up " + Durations.uptime(Duration.between(start, Instant.now()))).orElse("");
    String memory = LocalServer.residentMegabytes(process).map(mb -> "  " + mb + " MiB resident").orElse("");
    return String.format("%-11s %-24s running, %s%s", "pid " + process.pid(), where, uptime, memory);
  }
}
