package dev.fleetroll.cli.sim;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sim", mixinStandardHelpOptions = true, description = "Run a simulated fleet of OpenSSH hosts and a Taskcluster stand-in.")
public final class SimCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'sim' is not built yet");
    return ExitCode.FAILED;
  }
}
