package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the demo: server, worker, a simulated fleet and a rollout.")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'demo' is not built yet");
    return ExitCode.FAILED;
  }
}
