package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the local Temporal server and worker: start, stop, status.")
public final class ServerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'server' is not built yet");
    return ExitCode.FAILED;
  }
}
