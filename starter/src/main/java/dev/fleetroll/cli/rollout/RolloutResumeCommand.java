package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout.")
public final class RolloutResumeCommand extends OperatorCommandBase {

  @Override
  String action() {
    return "resume";
  }

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return new OperatorCommand(actor, reason);
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.resume(command);
  }
}
