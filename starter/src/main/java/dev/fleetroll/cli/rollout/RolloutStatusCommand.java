package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.InputException;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.finalize.FinalizeProgress;
import dev.fleetroll.rollout.finalize.FinalizeWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show a rollout: state, stage, counts, ETA, and every host with its step, time in step and last error.",
        "Given a finalize id (finalize-<rollout id>), show the finalize: reverted hosts, observation, last gate report."})
public final class RolloutStatusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id (see 'fleetroll rollout list').")
  String id;

  @Option(names = "--json", description = "Print the rollout's progress as JSON (the workflow's progress query, with each in-flight host's step).")
  boolean json;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    try (TemporalConnection connection = temporal.connect()) {
      if (id.startsWith(RolloutIds.finalize(""))) {
        return finalize(connection);
      }
      RolloutClient rollouts = new RolloutClient(connection);
      RolloutProgress p = rollouts.progress(id);
      Map<String, RolloutClient.Live> live = new Watch(rollouts, Style.forStdout(), System.out).live(id, p);
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("progress", p);
        out.put("in_flight", live);
        System.out.println(JsonOutput.write(out));
      } else {
        System.out.print(new StatusView(Style.forStdout()).status(p, live, Instant.now()));
      }
      return ExitCode.OK;
    }
  }

  private int finalize(TemporalConnection connection) throws Exception {
    FinalizeProgress p;
    try {
      p = connection.client().newWorkflowStub(FinalizeWorkflow.class, id).progress();
    } catch (WorkflowNotFoundException e) {
      throw new InputException("no finalize " + id + " (see 'fleetroll rollout list')");
    }
    System.out.print(json ? JsonOutput.write(p) + "\n"
        : new StatusView(Style.forStdout()).finalize(p, Instant.now()));
    return ExitCode.OK;
  }
}
