package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a Fleetroll worker in the foreground.")
public final class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'worker' is not built yet");
    return ExitCode.FAILED;
  }
}
