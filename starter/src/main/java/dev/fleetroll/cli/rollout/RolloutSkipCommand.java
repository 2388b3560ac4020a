package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "skip", mixinStandardHelpOptions = true, description = "A host not started yet will not be (it stays in the rollout as skipped; --reason required).")
public final class RolloutSkipCommand extends HostCommandBase {

  @Override
  String action() {
    return "skip";
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.skip(command);
  }
}
