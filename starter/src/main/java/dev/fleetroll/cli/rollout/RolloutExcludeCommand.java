package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "exclude", mixinStandardHelpOptions = true, description = "Take a host not started yet out of the rollout and release its lease (--reason required).")
public final class RolloutExcludeCommand extends HostCommandBase {

  @Override
  String action() {
    return "exclude";
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.exclude(command);
  }
}
