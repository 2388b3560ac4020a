package dev.fleetroll.cli.host;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.json.Json;
import dev.fleetroll.rollout.quarantine.QuarantineSweepWorkflow;
import dev.fleetroll.rollout.quarantine.StrandedQuarantine;
import io.temporal.client.WorkflowStub;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lists the hosts left quarantined by rollouts that no longer run. It runs the worker's quarantine sweep
 * now (the worker also runs it on a schedule) and prints what it found: the host, its worker, the
 * rollout, how it ended, and why it left the host quarantined.
 */
@Command(name = "quarantined", mixinStandardHelpOptions = true,
    description = {"List hosts left quarantined by Fleetroll rollouts that no longer run, with the rollout and why.",
        "Runs the worker's quarantine sweep now (a worker must run); 'fleetroll host release' returns a host to service."})
public final class QuarantinedCommand implements Callable<Integer> {

  /** A sweep reads every quarantined worker of the provisioner: seconds, a few minutes for a very large fleet. */
  static final Duration WAIT = Duration.ofMinutes(5);

  @Option(names = "--json", description = "Print the list as a JSON array.")
  boolean json;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try (TemporalConnection connection = temporal.connect()) {
      WorkflowStub sweep = connection.client().newUntypedWorkflowStub("QuarantineSweepWorkflow",
          WorkflowLabels.quarantineSweepNow(connection.endpoint().taskQueue(), WAIT));
      sweep.start();
      StrandedQuarantine[] found;
      try {
        found = sweep.getResult(WAIT.toSeconds(), TimeUnit.SECONDS, StrandedQuarantine[].class);
      } catch (TimeoutException e) {
        System.err.println("fleetroll: no worker finished the quarantine sweep within " + WAIT.toMinutes()
            + " minutes: is one running? (fleetroll server status)");
        return ExitCode.FAILED;
      }
      List<StrandedQuarantine> stranded = List.of(found);
      if (json) {
        out.println(Json.write(stranded));
        return ExitCode.OK;
      }
      if (stranded.isEmpty()) {
        out.println("No host is left quarantined by a rollout that no longer runs.");
        return ExitCode.OK;
      }
      out.printf("%-46s %-36s %-36s %-24s %s%n", "HOST", "ROLLOUT", "ENDED", "QUARANTINED SINCE", "WHY");
      for (StrandedQuarantine q : stranded) {
        out.printf("%-46s %-36s %-36s %-24s %s%n", q.host(), q.rolloutId(), q.rolloutState(),
            q.since() != null ? q.since().toString().substring(0, 19).replace('T', ' ') : "-",
            q.why() != null ? q.why() : q.reason());
      }
      out.println(stranded.size() + " host(s) out of service. Check each, then: fleetroll host release HOST --reason TEXT --confirm");
      return ExitCode.OK;
    }
  }
}
