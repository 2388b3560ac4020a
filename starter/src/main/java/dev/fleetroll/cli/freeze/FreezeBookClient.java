package dev.fleetroll.cli.freeze;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.rollout.freeze.FreezeBook;
import dev.fleetroll.rollout.freeze.FreezeWorkflow;
import dev.fleetroll.rollout.schedule.PlanFreeze;
import dev.fleetroll.store.Store;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The CLI's side of the freeze workflow: start it when a first freeze is added, change it, read it. */
final class FreezeBookClient {

  private final TemporalConnection connection;

  FreezeBookClient(TemporalConnection connection) {
    this.connection = connection;
  }

  /** The running book, started empty when there is none yet. */
  FreezeWorkflow started() {
    connection.requireWorker(connection.endpoint().taskQueue());
    FreezeWorkflow book = connection.client().newWorkflowStub(FreezeWorkflow.class,
        WorkflowLabels.freezes(connection.endpoint().taskQueue()));
    try {
      WorkflowClient.start(book::run, FreezeBook.EMPTY);
    } catch (WorkflowExecutionAlreadyStarted running) {
      // the usual case: the team's book runs already
    }
    return connection.client().newWorkflowStub(FreezeWorkflow.class, FreezeWorkflow.ID);
  }

  /** The book as it is, empty when no freeze was ever added. */
  FreezeBook read() {
    try {
      return connection.client().newWorkflowStub(FreezeWorkflow.class, FreezeWorkflow.ID).book();
    } catch (WorkflowNotFoundException e) {
      return FreezeBook.EMPTY;
    } catch (WorkflowQueryException e) {
      if (e.getCause() instanceof WorkflowNotFoundException) {
        return FreezeBook.EMPTY;
      }
      throw e;
    }
  }

  /** {@code now}, {@code +DURATION} from now ({@code +2h}), or an ISO-8601 date-time with an offset. */
  static Instant time(String option, String text, Instant now) {
    if (text.equals("now")) {
      return now;
    }
    if (text.startsWith("+")) {
      try {
        return now.plus(DurationConverter.parse(text.substring(1)));
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw new InputException(option + " " + text + ": " + e.getMessage());
      }
    }
    Instant parsed = PlanFreeze.parse(text);
    if (parsed == null) {
      throw new InputException(option + " " + text + ": not a time: give now, +DURATION (+2h) or a date-time with an"
          + " offset (2026-12-24T18:00:00+01:00, 2026-12-24T17:00Z)");
    }
    return parsed;
  }

  static void audit(String actor, String action, Map<String, Object> parameters, Map<String, Object> result) {
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      store.auditLog().append(actor, action, List.of(), parameters, result);
    }
  }
}
