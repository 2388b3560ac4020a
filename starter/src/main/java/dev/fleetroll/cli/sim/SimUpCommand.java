package dev.fleetroll.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start a simulated fleet in the background; returns once every host answers SSH.")
public final class SimUpCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Option(names = "--linux", paramLabel = "N", defaultValue = "2", description = "Linux hosts (default: ${DEFAULT-VALUE}).")
  int linux;

  @Option(names = "--mac", paramLabel = "M", defaultValue = "1", description = "Mac hosts (default: ${DEFAULT-VALUE}).")
  int mac;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed for task timing, outcomes and ids.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (linux < 0 || mac < 0 || linux + mac == 0 || linux > 999 || mac > 999) {
      throw new InputException("--linux and --mac must be 0..999 and not both 0 (got --linux " + linux + " --mac " + mac + ")");
    }
    long started = System.nanoTime();
    System.err.printf("fleetroll: starting %d Linux and %d Mac hosts in %s...%n", linux, mac, dir.dir());
    JsonNode state = dir.control().up(linux, mac, seed, Duration.ofMinutes(10), System.err);
    double seconds = (System.nanoTime() - started) / 1e9;
    Path d = dir.dir();
    System.out.printf("""
        Simulated fleet up: %d hosts in %.1f s (daemon pid %d, directory %s)
          SSH:          ssh -F %s/ssh_config %s
          Host lists:   %s/hosts.list  %s/linux.list  %s/mac.list
          Taskcluster:  %s   (credentials: set -a; . %s/taskcluster.env; set +a)
          Status:       fleetroll sim status%s
          Faults:       fleetroll sim fault%s HOST puppet=fail|ssh=silent|...   (fleetroll sim fault --help)
          Stop:         fleetroll sim down%s
        """, linux + mac, seconds, state.path("pid").asLong(), d, d,
        linux > 0 ? "t-linux64-ms-001.test.releng.mdc1.mozilla.com" : "macmini-r8-001.test.releng.mdc1.mozilla.com",
        d, d, d, state.path("taskclusterRootUrl").asText(), d, dirFlag(), dirFlag(), dirFlag());
    return ExitCode.OK;
  }

  private String dirFlag() {
    return dir.dir == null ? "" : " --dir " + dir.dir();
  }
}
