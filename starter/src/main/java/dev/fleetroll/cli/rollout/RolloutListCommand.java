package dev.fleetroll.cli.rollout;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List rollouts, newest first.")
public final class RolloutListCommand implements Callable<Integer> {

  @Option(names = "--running", description = "Only rollouts that are still running.")
  boolean running;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    try (TemporalConnection connection = temporal.connect()) {
      System.out.printf("%-44s %-24s %-9s %-13s %-10s %s%n", "ID", "STATE", "STAGE", "DONE/FAILED", "ACTOR", "STARTED");
      for (WorkflowExecutionMetadata m : new RolloutClient(connection).list(running, limit * 2)) {
        if (m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
          continue; // the same rollout, earlier run
        }
        var a = m.getTypedSearchAttributes();
        String state = a.get(SearchAttributes.ROLLOUT_STATE);
        if (m.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
          state = "terminated";
        }
        Long total = a.get(SearchAttributes.HOSTS_TOTAL);
        Long done = a.get(SearchAttributes.HOSTS_DONE);
        Long failed = a.get(SearchAttributes.HOSTS_FAILED);
        System.out.printf("%-44s %-24s %-9s %-13s %-10s %s%n", m.getExecution().getWorkflowId(), state,
            a.get(SearchAttributes.STAGE) == null ? "-" : a.get(SearchAttributes.STAGE),
            (done == null ? 0 : done) + "/" + (failed == null ? 0 : failed) + " of " + (total == null ? "?" : total),
            a.get(SearchAttributes.ACTOR), m.getStartTime().toString().substring(0, 16).replace('T', ' '));
      }
      return ExitCode.OK;
    }
  }
}
