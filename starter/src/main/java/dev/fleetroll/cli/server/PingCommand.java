package dev.fleetroll.cli.server;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "ping", mixinStandardHelpOptions = true, description = "Start the ping workflow to prove the path CLI → Temporal → worker.")
public final class PingCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'ping' is not built yet");
    return ExitCode.FAILED;
  }
}
