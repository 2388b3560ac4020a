package dev.fleetroll.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.sim.daemon.SimControl;
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

  @Option(names = "--puppet-time", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long one Puppet run takes on a host (default: 2s; 0 for benchmarks).")
  Duration puppetTime;

  @Option(names = "--reboot-time", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long a rebooting host stays down (default: 3s).")
  Duration rebootTime;

  @Option(names = "--task-time", paramLabel = "MIN[-MAX]",
      description = "How long the workers' tasks run, e.g. 5s-10s (default: 20s-60s).")
  String taskTime;

  @Option(names = "--bastion", description = {"One more host, a bastion with stock sshd settings (MaxStartups"
      + " 10:30:100): ssh_config reaches every host through it (ProxyJump), and the hosts accept SSH only from it."})
  boolean bastion;

  @Option(names = "--tasks-per-minute", paramLabel = "RATE",
      description = "New pending tasks a minute per worker, per pool (default: 2).")
  Double tasksPerMinute;

  @Override
  public Integer call() throws Exception {
    if (linux < 0 || mac < 0 || linux + mac == 0 || linux > 999 || mac > 999) {
      throw new InputException("--linux and --mac must be 0..999 and not both 0 (got --linux " + linux + " --mac " + mac + ")");
    }
    Prerequisites.ensure("fleetroll sim up", System.err::println);
    long started = System.nanoTime();
    System.err.printf("fleetroll: starting %d Linux and %d Mac hosts in %s...%n", linux, mac, dir.dir());
    // The daemon gives each host 60 s plus a second per host to answer SSH: a 1,000-host fleet on a busy 2-core
    // machine took more than a fixed 10 minutes to come up.
    Duration wait = Duration.ofMinutes(10).plusSeconds(linux + mac);
    JsonNode state = dir.control().up(linux, mac, seed, timing(), bastion, wait, System.err);
    double seconds = (System.nanoTime() - started) / 1e9;
    Path d = dir.dir();
    System.out.printf("""
        Simulated fleet up: %d hosts in %.1f s (daemon pid %d, directory %s)
          SSH:          ssh -F %s/ssh_config %s%s
          Host lists:   %s/hosts.list  %s/linux.list  %s/mac.list
          Taskcluster:  %s   (credentials: set -a; . %s/taskcluster.env; set +a)
          GitHub:       %s   (set -a; . %s/github.env; set +a)
          Status:       fleetroll sim status%s
          Faults:       fleetroll sim fault%s HOST puppet=fail|ssh=silent|...   (fleetroll sim fault --help)
          Stop:         fleetroll sim down%s
        """, linux + mac, seconds, state.path("pid").asLong(), d, d,
        linux > 0 ? "t-linux64-ms-001.test.releng.mdc1.mozilla.com" : "macmini-r8-001.test.releng.mdc1.mozilla.com",
        state.has("bastion") ? "   (through the bastion " + state.path("bastion").asText() + ")" : "",
        d, d, d, state.path("taskclusterRootUrl").asText(), d, state.path("githubApiUrl").asText(), d, dirFlag(),
        dirFlag(), dirFlag());
    return ExitCode.OK;
  }

  private SimControl.Timing timing() {
    Duration min = null;
    Duration max = null;
    if (taskTime != null) {
      String[] parts = taskTime.split("-", 2);
      try {
        min = DurationConverter.parse(parts[0]);
        max = parts.length > 1 ? DurationConverter.parse(parts[1]) : min;
      } catch (RuntimeException e) {
        throw new InputException("--task-time: expected MIN or MIN-MAX durations such as 5s-10s, got " + taskTime);
      }
      if (max.compareTo(min) < 0) {
        throw new InputException("--task-time: MAX is shorter than MIN (" + taskTime + ")");
      }
    }
    if (tasksPerMinute != null && !(tasksPerMinute > 0)) {
      throw new InputException("--tasks-per-minute must be positive (got " + tasksPerMinute + ")");
    }
    return new SimControl.Timing(puppetTime, rebootTime, min, max, tasksPerMinute);
  }

  private String dirFlag() {
    return dir.dir == null ? "" : " --dir " + dir.dir();
  }
}
