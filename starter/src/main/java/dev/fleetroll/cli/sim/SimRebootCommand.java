package dev.fleetroll.cli.sim;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.sim.daemon.SimControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "reboot", mixinStandardHelpOptions = true, description = "Power-cycle one simulated host.")
public final class SimRebootCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Parameters(paramLabel = "HOST") String host;

  @Override
  public Integer call() throws Exception {
    try {
      System.out.println(dir.control().reboot(host).toString());
    } catch (SimControl.BadRequest e) {
      throw new InputException(e.getMessage());
    }
    return ExitCode.OK;
  }
}
