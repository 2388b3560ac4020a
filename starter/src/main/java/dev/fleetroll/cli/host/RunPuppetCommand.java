package dev.fleetroll.cli.host;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run-puppet", mixinStandardHelpOptions = true,
    description = {"Run Puppet once on hosts (run-puppet.sh with FLEETROLL_SINGLE_RUN=1) and report each result.",
        "Running Puppet under a busy worker can disrupt its task; quarantine first. Without --confirm, lists the hosts."})
public final class RunPuppetCommand extends ChangeCommand {

  @Option(names = "--puppet-timeout", defaultValue = "900", paramLabel = "SECONDS",
      description = "How long one Puppet run may take (default: ${DEFAULT-VALUE}).")
  int puppetTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Print Puppet's output for every host, not only failures.")
  boolean verbose;

  @Override
  public Integer call() {
    List<String> hosts = hosts();
    if (!confirm) {
      for (String host : hosts) {
        out.println("RUN        " + host + "  would run " + dev.fleetroll.host.HostOs.RUN_PUPPET + " once");
      }
      dryRunFooter();
      return 0;
    }
    Duration timeout = ssh.commandTimeout(Duration.ofSeconds(puppetTimeout));
    try (Inventory inventory = Inventory.open(ssh, timeout, "host run-puppet")) {
      out.println("Running Puppet on " + hosts.size() + " host" + (hosts.size() == 1 ? "" : "s") + ", " + concurrency + " at a time...");
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("single_run", true);
      parameters.put("timeout_s", timeout.toSeconds());
      parameters.put("reason", reason);
      Summary summary = apply(inventory, "host.run_puppet", hosts, host -> inventory.hosts().runPuppet(host, timeout),
          (host, run) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("outcome", run.succeeded() ? "ok" : "puppet_failed");
            entry.put("puppet_exit", run.exitCode());
            entry.put("duration_s", run.duration().toMillis() / 1000.0);
            String took = String.format("(%.1f s)", run.duration().toMillis() / 1000.0);
            if (run.succeeded()) {
              out.println(style.good("OK") + "         " + host + "  " + (run.changesApplied() ? "changes applied " : "puppet ok ") + took);
            } else {
              out.println(style.bad("FAIL") + "       " + host + "  puppet exit " + run.exitCode() + " " + took);
            }
            if (verbose || !run.succeeded()) {
              for (String line : run.outputTail().split("\n")) {
                if (!line.isBlank()) {
                  out.println("    | " + line);
                }
              }
            }
            return new HostResult(run.succeeded() ? "successful" : "failed", entry);
          }, parameters, "successful", "failed");
      return finish(inventory, summary);
    }
  }
}
