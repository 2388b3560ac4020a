package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a rollout: no new host starts and no stage advances (auto included) until 'resume'; hosts in flight run to their end.")
public final class RolloutPauseCommand extends OperatorCommandBase {

  @Override
  String action() {
    return "pause";
  }

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return new OperatorCommand(actor, reason);
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.pause(command);
  }
}
