package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "rollout", mixinStandardHelpOptions = true, description = "Plan, start, watch and steer staged rollouts.")
public final class RolloutCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("fleetroll: 'rollout' is not built yet");
    return ExitCode.FAILED;
  }
}
