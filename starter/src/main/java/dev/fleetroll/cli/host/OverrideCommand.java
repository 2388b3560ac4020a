package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "override", mixinStandardHelpOptions = true, description = "Show and validate override files.")
public final class OverrideCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'override' is not built yet");
    return ExitCode.FAILED;
  }
}
