package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.BackgroundProcess;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.Repository;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.server.WorkerLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Fleetroll worker in the foreground, logging to the terminal; Ctrl-C or SIGTERM stops it gracefully.",
      "It polls the same Temporal as the other commands (see --address)."
    })
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> env = System.getenv();
    FleetrollHome home = FleetrollHome.fromEnvironment();
    TemporalEndpoint endpoint = temporal.endpoint();
    WorkerLaunch launch = WorkerLaunch.builtWorker(Repository.locate(env), env);
    spec.commandLine().getErr().println("fleetroll: worker for " + endpoint.address() + ", task queue '"
        + endpoint.taskQueue() + "'" + new LocalServer(home).worker()
            .map(p -> " (the background worker, pid " + p.pid() + ", polls it too)").orElse(""));
    spec.commandLine().getErr().flush();

    ProcessBuilder builder = new ProcessBuilder(launch.command()).inheritIO();
    builder.environment().putAll(WorkerLaunch.environment(endpoint, home));
    Process worker;
    try {
      worker = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the worker", e);
    }
    // SIGTERM to this CLI reaches only us: pass it on and wait for the worker's graceful stop.
    Thread forward = new Thread(() -> BackgroundProcess.stop(worker.toHandle(), LocalServer.WORKER_STOP_GRACE));
    Runtime.getRuntime().addShutdownHook(forward);
    int exit = worker.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(forward);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: the JVM is on its way out
    }
    // 130 and 143: the worker stopped on SIGINT or SIGTERM, as asked.
    return exit == 0 || exit == 130 || exit == 143 ? ExitCode.OK : ExitCode.FAILED;
  }
}
