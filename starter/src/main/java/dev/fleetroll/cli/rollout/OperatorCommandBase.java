package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.UpdateRefusal;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.Store;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * An operator command sent as a Temporal update: the workflow's validator refuses it (nothing enters
 * history; the CLI prints the validator's one line and exits 2) or it is recorded in the workflow with
 * the actor, reason, parameters and gate state, and in the local audit log.
 */
abstract class OperatorCommandBase implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID", description = "The rollout id.")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the command).")
  String reason;

  @Mixin TemporalOptions temporal;

  abstract String action();

  /** The command's argument for the workflow; {@code current} is the rollout as it is now. */
  abstract OperatorCommand command(String actor, RolloutProgress current);

  abstract RolloutProgress send(RolloutWorkflow rollout, OperatorCommand command);

  /** What must hold before the command is sent (a rollback's workers must be able to reach its hosts). */
  void require(TemporalConnection connection, RolloutProgress current) {}

  @Override
  public Integer call() {
    String actor = Actor.current();
    try (TemporalConnection connection = temporal.connect()) {
      RolloutClient rollouts = new RolloutClient(connection);
      RolloutProgress current = rollouts.progress(id); // a clear error for an unknown id
      OperatorCommand command = command(actor, current);
      require(connection, current);
      RolloutProgress p;
      try {
        p = send(rollouts.rollout(id), command);
      } catch (WorkflowUpdateException e) {
        System.err.println("fleetroll: " + action() + " refused: " + UpdateRefusal.reason(e));
        return ExitCode.USAGE;
      } catch (WorkflowNotFoundException e) {
        System.err.println("fleetroll: rollout " + id + " is not running");
        return ExitCode.FAILED;
      }
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rollout", id);
        parameters.put("reason", reason == null ? "" : reason);
        parameters.putAll(p.decisions().isEmpty() ? Map.of() : p.decisions().getLast().parameters());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", p.status().code());
        result.put("gates", StatusView.gateVerdict(p.gates()));
        store.auditLog().append(actor, "rollout." + action(), command.host() == null ? List.of() : List.of(command.host()),
            parameters, result);
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
