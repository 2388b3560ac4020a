package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(name = "abort", mixinStandardHelpOptions = true,
    description = {"Abort a rollout: no new host starts; hosts in flight finish their current step and are released;",
        "hosts waiting at the end of their stage are released. Failed hosts keep their state (and quarantine)."})
public final class RolloutAbortCommand extends OperatorCommandBase {

  @Override
  String action() {
    return "abort";
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.abort(command);
  }
}
