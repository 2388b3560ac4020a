package dev.fleetroll.cli.rollout;

import dev.fleetroll.store.Actor;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.store.Store;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * An operator command sent as a Temporal update: the workflow's validator refuses it (nothing enters
 * history) or it is recorded with the actor and reason, and in the local audit log.
 */
abstract class OperatorCommandBase implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the command).")
  String reason;

  @Mixin TemporalOptions temporal;

  abstract String action();

  abstract RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command);

  @Override
  public Integer call() {
    String actor = Actor.current();
    try (TemporalConnection connection = temporal.connect()) {
      RolloutClient rollouts = new RolloutClient(connection);
      rollouts.progress(id); // a clear error for an unknown id
      RolloutProgress p;
      try {
        p = send(rollouts.rollout(id), new OperatorCommand(actor, reason));
      } catch (WorkflowUpdateException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
          cause = cause.getCause();
        }
        // The validator's exception arrives as an ApplicationFailure: its original message is the reason.
        String why = cause instanceof ApplicationFailure failure ? failure.getOriginalMessage() : cause.getMessage();
        System.err.println("fleetroll: " + action() + " refused: " + why);
        return ExitCode.FAILED;
      } catch (WorkflowNotFoundException e) {
        System.err.println("fleetroll: rollout " + id + " is not running");
        return ExitCode.FAILED;
      }
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        store.auditLog().append(actor, "rollout." + action(), List.of(), Map.of("rollout", id,
            "reason", reason == null ? "" : reason), Map.of("status", p.status().code()));
      }
      // The update's own answer can predate its effect (advance answers before the next stage starts): ask again.
      RolloutProgress now = p;
      try {
        now = rollouts.progress(id);
      } catch (RuntimeException e) {
        // keep the update's answer
      }
      System.out.println(action() + " accepted by " + id + ": " + Watch.line(now));
      return ExitCode.OK;
    }
  }

  static Style style() {
    return Style.forStdout();
  }
}
