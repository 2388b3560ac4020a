package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Check a rollout plan against the live fleet and show what 'start' would do; changes nothing.",
        "Audits every target over SSH and reads its worker from Taskcluster (TASKCLUSTER_* variables), then shows",
        "the stages with their hosts, the hosts blocked or excluded and why, and the expected duration."})
public final class RolloutPlanCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The plan (YAML; specs/rollout-plan.md).")
  Path file;

  @Option(names = "--json", description = "Print the dry run as JSON.")
  boolean json;

  @Mixin SshOptionsMixin ssh;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() throws Exception {
    PlanFile.load(file); // a bad plan fails here, before any connection
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      TemporalConnection connection = null;
      try {
        connection = temporal.connect();
      } catch (RuntimeException e) {
        System.err.println("fleetroll: " + e.getMessage() + "; leases of other rollouts are not checked");
      }
      try {
        PlanCheck check = PlanCheck.run(file, ssh, store, connection == null ? null : new RolloutClient(connection), false,
            "rollout plan");
        if (json) {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("name", check.plan().plan().name());
          out.put("override_sha256", check.sha());
          out.put("override", check.overrideName());
          out.put("policy", check.plan().plan().policy());
          out.put("stages", check.dryRun().stages());
          out.put("picked_from", check.plan().pickedFrom());
          out.put("blocked", check.dryRun().blocked());
          out.put("excluded", check.dryRun().excluded());
          out.put("estimate_per_host", check.dryRun().perHost());
          out.put("estimate_total", check.dryRun().total());
          out.put("leases_checked", check.leasesChecked());
          out.put("credentials_expire", check.credentialsExpire());
          out.put("credentials_warning", check.credentialsWarning(Instant.now()));
          System.out.println(JsonOutput.write(out));
        } else {
          System.out.print(new StatusView(Style.forStdout()).plan(check, Instant.now()));
          if (!check.dryRun().blocked().isEmpty()) {
            System.out.println("\n'rollout start' would refuse this plan: " + check.dryRun().blocked().size()
                + " target(s) already have an override.");
          }
        }
        return ExitCode.OK;
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }
}
