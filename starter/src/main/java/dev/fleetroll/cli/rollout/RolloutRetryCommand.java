package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "retry", mixinStandardHelpOptions = true, description = "Give a failed host another pass (its stage runs again for it if the stage has ended).")
public final class RolloutRetryCommand extends HostCommandBase {

  @Override
  String action() {
    return "retry";
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.retry(command);
  }
}
