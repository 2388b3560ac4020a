package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "advance", mixinStandardHelpOptions = true,
    description = {"Start the next stage of a rollout that waits for assessment; at its last stage (which waits while a",
        "host failed, so the host can still be retried or rolled back) end the rollout.",
        "Refused while a health gate fails, unless --force with a --reason. A stage held by a maintenance window",
        "or a freeze starts its hosts only with --force --reason (that stage, or the next one when waiting)."})
public final class RolloutAdvanceCommand extends OperatorCommandBase {

  @Option(names = "--batch-size", paramLabel = "N", description = "The next stage takes N hosts (later stages keep theirs).")
  Integer batchSize;

  @Option(names = "--force", description = "Advance past failing gates, windows and freezes (needs --reason).")
  boolean force;

  @Override
  String action() {
    return "advance";
  }

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return OperatorCommand.advance(actor, reason, force, batchSize);
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.advance(command);
  }
}
