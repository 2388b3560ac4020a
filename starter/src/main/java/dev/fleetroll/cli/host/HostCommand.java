package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "host", mixinStandardHelpOptions = true, description = "Audit hosts, monitor them, and change their overrides and vaults.")
public final class HostCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'host' is not built yet");
    return ExitCode.FAILED;
  }
}
