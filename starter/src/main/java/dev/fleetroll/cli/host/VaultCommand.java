package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "vault", mixinStandardHelpOptions = true, description = "Show stored vault files.")
public final class VaultCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'vault' is not built yet");
    return ExitCode.FAILED;
  }
}
