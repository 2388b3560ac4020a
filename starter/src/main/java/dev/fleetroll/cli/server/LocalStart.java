package dev.fleetroll.cli.server;

import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.Repository;
import dev.fleetroll.server.ServerPorts;
import dev.fleetroll.server.TemporalBinary;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.server.WorkerLaunch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Brings up the local server and worker of a data directory, reusing what already runs: what
 * {@code server start} and {@code ping --start-server} do.
 */
final class LocalStart {

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;

  LocalStart(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /**
   * @param port the gRPC port asked for on the command line, or null
   * @param uiPort the Web UI port asked for on the command line, or null
   */
  TemporalEndpoint start(FleetrollHome home, Integer port, Integer uiPort, boolean withWorker) {
    LocalServer local = new LocalServer(home);
    ServerPorts wanted = ports(local, port, uiPort);

    Optional<ProcessHandle> running = local.server();
    ServerPorts ports = running.flatMap(p -> local.ports()).orElse(wanted);
    if (running.isPresent() && !ports.equals(wanted) && (port != null || uiPort != null)) {
      err.println("fleetroll: the server of " + home.root() + " already runs at " + ports.address()
          + "; stop it first to change its ports");
    }
    Repository repository = Repository.locate(env);
    LocalServer.Started server;
    if (running.isPresent()) {
      server = new LocalServer.Started(running.get(), true, Duration.ZERO);
    } else {
      Path binary = TemporalBinary.locate(repository, err::println);
      err.println("fleetroll: starting the Temporal server at " + ports.address() + " (log: " + local.serverLog() + ")");
      err.flush();
      server = local.startServer(binary, ports);
    }
    line("Temporal server", server, ports.address());

    TemporalEndpoint endpoint = TemporalEndpoint.local(env, home, ports);
    if (withWorker) {
      if (local.worker().isEmpty()) {
        err.println("fleetroll: starting the worker (log: " + local.workerLog() + ")");
        err.flush();
      }
      LocalServer.Started worker = local.startWorker(WorkerLaunch.builtWorker(repository, env), endpoint);
      line("Worker", worker, "task queue '" + endpoint.taskQueue() + "'");
    }
    out.printf("%-16s %s%n", "Web UI", ports.webUi());
    out.printf("%-16s %s%n", "Data directory", home.root());
    out.flush();
    return endpoint;
  }

  private void line(String what, LocalServer.Started started, String where) {
    String state = started.alreadyRunning()
        ? "already running"
        : String.format(Locale.ROOT, "started (ready in %.1f s)", started.took().toMillis() / 1000.0);
    out.printf("%-16s %-11s %-24s %s%n", what, "pid " + started.process().pid(), where, state);
  }

  /** Options, then the environment, then the ports this data directory used last, then 7233/8233. */
  private ServerPorts ports(LocalServer local, Integer port, Integer uiPort) {
    Integer grpc = port != null ? port : envPort("FLEETROLL_TEMPORAL_PORT");
    Integer ui = uiPort != null ? uiPort : envPort("FLEETROLL_TEMPORAL_UI_PORT");
    try {
      if (grpc == null && ui == null) {
        return local.ports().orElse(ServerPorts.defaults());
      }
      return ServerPorts.of(grpc != null ? grpc : ServerPorts.DEFAULT_GRPC, ui);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  private Integer envPort(String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InputException(variable + " is not a port number: '" + value + "'");
    }
  }
}
