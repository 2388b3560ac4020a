package dev.fleetroll.cli.freeze;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.UpdateRefusal;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.rollout.freeze.FreezeChange;
import dev.fleetroll.rollout.freeze.FreezeWorkflow;
import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.store.Actor;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a team-wide freeze: the rollouts it held start hosts again at once.")
public final class FreezeRemoveCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID", description = "The freeze (fleetroll freeze list).")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the change).")
  String reason;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    String actor = Actor.current();
    try (TemporalConnection connection = temporal.connect()) {
      Freeze removed;
      try {
        removed = connection.client().newWorkflowStub(FreezeWorkflow.class, FreezeWorkflow.ID)
            .remove(FreezeChange.remove(actor, id, reason));
      } catch (WorkflowUpdateException e) {
        System.err.println("fleetroll: remove refused: " + UpdateRefusal.reason(e));
        return ExitCode.USAGE;
      } catch (WorkflowNotFoundException e) {
        System.err.println("fleetroll: remove refused: no team freeze " + id + " (none was ever added)");
        return ExitCode.USAGE;
      }
      FreezeBookClient.audit(actor, "freeze.remove", Map.of("id", id, "reason", reason == null ? "" : reason),
          Map.of("removed", removed.reason()));
      System.out.println("removed " + removed.id() + " (" + removed.reason() + ")");
      return ExitCode.OK;
    }
  }
}
