package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.OperatorCommand;
import picocli.CommandLine.Parameters;

/** An operator command about one host of a rollout: skip, retry, exclude. */
abstract class HostCommandBase extends OperatorCommandBase {

  @Parameters(index = "1", paramLabel = "HOST", description = "The host, as the rollout names it.")
  String host;

  @Override
  OperatorCommand command(String actor) {
    return OperatorCommand.host(actor, reason, host);
  }
}
