package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.rollout.RolloutProgress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show a rollout: state, stage, counts, ETA, and every host with its step, time in step and last error."})
public final class RolloutStatusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id (see 'fleetroll rollout list').")
  String id;

  @Option(names = "--json", description = "Print the rollout's progress as JSON (the workflow's progress query, with each in-flight host's step).")
  boolean json;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    try (TemporalConnection connection = temporal.connect()) {
      RolloutClient rollouts = new RolloutClient(connection);
      RolloutProgress p = rollouts.progress(id);
      Map<String, RolloutClient.Live> live = new Watch(rollouts, Style.forStdout(), System.out).live(id, p);
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("progress", p);
        out.put("in_flight", live);
        System.out.println(RolloutPlanCommand.JSON.writeValueAsString(out));
      } else {
        System.out.print(new StatusView(Style.forStdout()).status(p, live, Instant.now()));
      }
      return ExitCode.OK;
    }
  }
}
