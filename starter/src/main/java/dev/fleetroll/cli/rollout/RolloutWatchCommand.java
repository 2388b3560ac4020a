package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follow a rollout live until it ends (Ctrl-C stops watching, not the rollout).",
        "Exit status 0 when every host succeeded, 1 otherwise."})
public final class RolloutWatchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id.")
  String id;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    try (TemporalConnection connection = temporal.connect()) {
      return new Watch(new RolloutClient(connection), Style.forStdout(), System.out).follow(id);
    }
  }
}
