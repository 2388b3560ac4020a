package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.rollout.AbortMode;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "abort", mixinStandardHelpOptions = true,
    description = {"Abort a rollout (--reason required): no new host starts. Failed hosts keep their state (and quarantine).",
        "  stop-new   hosts in flight run their pipeline to the end",
        "  safe-stop  hosts in flight finish their current step and are released (the default)",
        "  rollback   safe-stop, then every host the rollout wrote to has its override removed, converges,",
        "             is checked to run Puppet without it and is released, most recently touched first",
        "An abort under way can be escalated to a stronger mode until its hosts in flight have stopped."})
public final class RolloutAbortCommand extends OperatorCommandBase {

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "safe-stop", converter = ModeConverter.class,
      description = "stop-new, safe-stop or rollback (default: ${DEFAULT-VALUE}).")
  AbortMode mode;

  @Override
  String action() {
    return "abort";
  }

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return OperatorCommand.abort(actor, reason, mode);
  }

  /** A rollback reverts hosts: the workers that will must be able to reach them. */
  @Override
  void require(TemporalConnection connection, RolloutProgress current) {
    if (mode == AbortMode.ROLLBACK) {
      WorkerReadinessCheck.require(connection, "rollback", id, current.hosts().stream().map(HostRecord::host).toList(),
          Instant.now().plus(Duration.ofHours(1)));
    }
  }

  @Override
  RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command) {
    return rollout.abort(command);
  }

  static final class ModeConverter implements ITypeConverter<AbortMode> {
    @Override
    public AbortMode convert(String value) {
      try {
        return AbortMode.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
