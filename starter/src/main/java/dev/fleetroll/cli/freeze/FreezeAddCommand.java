package dev.fleetroll.cli.freeze;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.UpdateRefusal;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.rollout.freeze.FreezeChange;
import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.store.Actor;
import io.temporal.client.WorkflowUpdateException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a team-wide freeze: from --from until --to no rollout starts a new host.",
        "Running rollouts hear of it at once and hold from their next host boundary."})
public final class FreezeAddCommand implements Callable<Integer> {

  @Option(names = "--from", paramLabel = "T", defaultValue = "now",
      description = "When it starts: now (default), +DURATION (+2h), or 2026-12-24T18:00:00+01:00.")
  String from;

  @Option(names = "--to", paramLabel = "T", required = true, description = "When it ends (as --from).")
  String to;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why: every rollout it holds shows it.")
  String reason;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    Instant now = Instant.now();
    Instant start = FreezeBookClient.time("--from", from, now);
    Instant end = FreezeBookClient.time("--to", to, now);
    if (!end.isAfter(start)) {
      throw new InputException("--to " + to + " is not after --from " + from);
    }
    if (reason.isBlank()) {
      throw new InputException("--reason is empty: say why (every rollout it holds shows it)");
    }
    String actor = Actor.current();
    try (TemporalConnection connection = temporal.connect()) {
      Freeze added;
      try {
        added = new FreezeBookClient(connection).started().add(FreezeChange.add(actor, start, end, reason));
      } catch (WorkflowUpdateException e) {
        System.err.println("fleetroll: freeze refused: " + UpdateRefusal.reason(e));
        return ExitCode.USAGE;
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("from", start.toString());
      parameters.put("to", end.toString());
      parameters.put("reason", reason);
      FreezeBookClient.audit(actor, "freeze.add", parameters, Map.of("id", added.id()));
      System.out.println("added " + added.id() + ": no new host starts from " + FreezeListCommand.when(added.from())
          + " until " + FreezeListCommand.when(added.to()) + " (" + added.reason() + ")");
      return ExitCode.OK;
    }
  }
}
