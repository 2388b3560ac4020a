package dev.fleetroll.cli.rollout;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.UpdateRefusal;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutInput;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.finalize.FinalizeProgress;
import dev.fleetroll.rollout.finalize.FinalizeRequest;
import dev.fleetroll.rollout.finalize.FinalizeWorkflow;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.Store;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "finalize", mixinStandardHelpOptions = true,
    description = {"Finalize an ended rollout: once its change is merged upstream, or to clean up after one that failed or was",
        "aborted. Snapshots every host it touched, removes the override from all of them (quarantine, drain, remove with",
        "backup, converge, Puppet runs without it, release: hosts it left quarantined come back into service too),",
        "then watch the gates for --observe. A regression pauses it with a notification; nothing is re-applied:",
        "--acknowledge goes on observing, --abort stops. Prints the finalize's id and Web UI page."})
public final class RolloutFinalizeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The rollout id (see 'fleetroll rollout list').")
  String id;

  @Option(names = "--all", description = "Every host of the rollout (required: finalize is all or nothing).")
  boolean all;

  @Option(names = "--confirm", description = "Really change the hosts (required).")
  boolean confirm;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded, and in each worker's quarantineInfo).")
  String reason;

  @Option(names = "--observe", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "How long to watch the gates after the last revert (default: ${DEFAULT-VALUE}).")
  Duration observe;

  @Option(names = "--acknowledge", description = "The running finalize paused on a regression: go on observing"
      + " (the failing gates no longer pause it).")
  boolean acknowledge;

  @Option(names = "--abort", description = "Stop the running finalize (reverts in progress finish; nothing is re-applied).")
  boolean abort;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    String actor = Actor.current();
    if (acknowledge && abort) {
      throw new InputException("--acknowledge and --abort exclude each other");
    }
    if (acknowledge || abort) {
      return command(actor);
    }
    String refused = FinalizeCheck.refusal(id, all, confirm, observe);
    if (refused != null) {
      throw new InputException(refused);
    }
    try (TemporalConnection connection = temporal.connect()) {
      WorkflowStub rollout = connection.client().newUntypedWorkflowStub(id);
      WorkflowExecutionStatus execution;
      try {
        execution = rollout.describe().getStatus();
      } catch (WorkflowNotFoundException e) {
        throw new InputException("no rollout " + id + " (see 'fleetroll rollout list')");
      }
      RolloutResult result = execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
          ? rollout.getResult(RolloutResult.class) : null;
      refused = FinalizeCheck.refusal(id, execution, result == null ? null : result.status());
      if (refused != null) {
        throw new InputException(refused);
      }
      FinalizeRequest request = FinalizeCheck.request(input(connection).spec(), result, actor, reason, observe);
      WorkerReadinessCheck.require(connection, "finalize", id, FinalizeCheck.hostNames(request), Instant.now().plus(observe));
      String finalizeId = RolloutIds.finalize(id);
      FinalizeWorkflow finalize = connection.client().newWorkflowStub(FinalizeWorkflow.class,
          WorkflowLabels.finalize(request, connection.endpoint().taskQueue()));
      try {
        WorkflowStub.fromTyped(finalize).start(request);
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw new InputException("rollout " + id + " is being or has been finalized already (" + finalizeId + ")");
      }
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rollout", id);
        parameters.put("finalize", finalizeId);
        parameters.put("reason", reason == null ? "" : reason);
        parameters.put("observe", observe.toString());
        store.auditLog().append(actor, "rollout.finalize", FinalizeCheck.hostNames(request), parameters, Map.of());
      }
      Style style = Style.forStdout();
      System.out.println("Started finalize " + style.bold(finalizeId) + " (" + request.hosts().size()
          + " hosts; the gates are watched for " + observe.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " after the last revert)");
      connection.endpoint().workflowUrl(finalizeId).ifPresent(url -> System.out.println("Web UI: " + url));
      return ExitCode.OK;
    }
  }

  /** The rollout's input (its spec: policy, override) from the first event of its latest run. */
  private RolloutInput input(TemporalConnection connection) {
    List<HistoryEvent> events = connection.stubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(connection.endpoint().namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).setMaximumPageSize(1).build())
        .getHistory().getEventsList();
    Payloads payloads = events.getFirst().getWorkflowExecutionStartedEventAttributes().getInput();
    return connection.client().getOptions().getDataConverter()
        .fromPayloads(0, Optional.of(payloads), RolloutInput.class, RolloutInput.class);
  }

  /** --acknowledge / --abort: an update of the running finalize; its validator may refuse it. */
  private int command(String actor) {
    String finalizeId = RolloutIds.finalize(id);
    try (TemporalConnection connection = temporal.connect()) {
      FinalizeWorkflow finalize = connection.client().newWorkflowStub(FinalizeWorkflow.class, finalizeId);
      OperatorCommand command = new OperatorCommand(actor, reason);
      FinalizeProgress p;
      try {
        p = acknowledge ? finalize.acknowledge(command) : finalize.abort(command);
      } catch (WorkflowUpdateException e) {
        System.err.println("fleetroll: " + (acknowledge ? "acknowledge" : "abort") + " refused: "
            + UpdateRefusal.reason(e));
        return ExitCode.USAGE;
      } catch (WorkflowNotFoundException e) {
        throw new InputException("no running finalize of rollout " + id + " (" + finalizeId + ")");
      }
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        store.auditLog().append(actor, "rollout.finalize." + (acknowledge ? "acknowledge" : "abort"), List.of(),
            Map.of("rollout", id, "reason", reason == null ? "" : reason), Map.of("status", p.status().code()));
      }
      System.out.println(finalizeId + ": " + p.status().code() + " · " + p.reverted() + " of " + p.total()
          + " hosts reverted" + (p.failed() > 0 ? " · " + p.failed() + " failed" : ""));
      return ExitCode.OK;
    }
  }
}
