package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tc", mixinStandardHelpOptions = true, description = "Read Taskcluster worker state for hosts.")
public final class TcCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'tc' is not built yet");
    return ExitCode.FAILED;
  }
}
