package dev.fleetroll.cli.sim;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.sim.HostFaults;
import dev.fleetroll.sim.daemon.SimControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fault", mixinStandardHelpOptions = true,
    description = {"Inject or clear faults on a host, or on the Taskcluster stand-in.", "",
        "Host settings:", HostFaults.SETTINGS_HELP, "",
        "Taskcluster: --taskcluster errors=RATE [status=500|502|503|504|429] [latency=DURATION]", "",
        "Examples:", "  fleetroll sim fault t-linux64-ms-001 puppet=fail ssh=slow:2s",
        "  fleetroll sim fault macmini-r8-001 clear", "  fleetroll sim fault --taskcluster errors=0.2 status=503 latency=300ms"})
public final class SimFaultCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Option(names = "--taskcluster", description = "Change the Taskcluster stand-in's faults instead of a host's.")
  boolean taskcluster;

  @Parameters(paramLabel = "HOST SETTING...", arity = "1..*", description = "A host (FQDN or short name) and settings; with --taskcluster, settings only.")
  List<String> args;

  @Override
  public Integer call() throws Exception {
    SimControl control = dir.control();
    try {
      if (taskcluster) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String a : args) {
          String[] kv = a.split("=", 2);
          if (kv.length != 2) {
            throw new InputException("Taskcluster fault '" + a + "' is not KEY=VALUE (errors=RATE, status=CODE, latency=DURATION)");
          }
          switch (kv[0]) {
            case "errors" -> settings.put("errorRate", Double.parseDouble(kv[1]));
            case "status" -> settings.put("errorStatus", Integer.parseInt(kv[1]));
            case "latency" -> settings.put("latency", kv[1]);
            default -> throw new InputException("unknown Taskcluster fault '" + kv[0] + "'; known: errors, status, latency");
          }
        }
        if (settings.containsKey("errorStatus") && !settings.containsKey("errorRate")) {
          settings.put("errorRate", control.status().path("taskclusterFaults").path("errorRate").asDouble());
        }
        System.out.println(control.taskcluster(settings).toString());
        return ExitCode.OK;
      }
      if (args.size() < 2) {
        throw new InputException("give a host and at least one setting, e.g. 'fleetroll sim fault t-linux64-ms-001 puppet=fail'");
      }
      for (String s : args.subList(1, args.size())) {
        HostFaults.NONE.with(s); // reject a bad setting here, before anything changes
      }
      System.out.println(control.fault(args.getFirst(), args.subList(1, args.size())).toString());
      return ExitCode.OK;
    } catch (IllegalArgumentException | SimControl.BadRequest e) {
      throw new InputException(e.getMessage());
    }
  }
}
