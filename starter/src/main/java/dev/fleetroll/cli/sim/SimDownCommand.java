package dev.fleetroll.cli.sim;

import dev.fleetroll.cli.ExitCode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop the simulated fleet and clear anything a dead one left (processes, and with them mounts and addresses).")
public final class SimDownCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Override
  public Integer call() throws Exception {
    boolean was = dir.control().down(Duration.ofSeconds(60));
    System.out.println(was ? "Simulated fleet in " + dir.dir() + " stopped." : "No simulated fleet was running in " + dir.dir() + ".");
    return ExitCode.OK;
  }
}
