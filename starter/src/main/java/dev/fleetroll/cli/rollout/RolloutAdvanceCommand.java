package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "advance", mixinStandardHelpOptions = true,
    description = "Start the next stage of a rollout that waits for assessment.")
public final class RolloutAdvanceCommand extends OperatorCommandBase {

  @Override
  String action() {
    return "advance";
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.advance(command);
  }
}
