package dev.fleetroll.cli.server;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.WorkflowLabels;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.ping.PingRequest;
import dev.fleetroll.ping.PingResult;
import dev.fleetroll.ping.PingWorkflow;
import dev.fleetroll.ping.Pong;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.store.Actor;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Start the ping workflow; print the worker's answer and the workflow's Web UI page.",
      "It proves the path CLI -> Temporal -> worker -> activity.",
      "A holding ping ends early with the 'release' update, e.g.",
      "  temporal workflow update execute --name release -w <id> --input '{\"actor\":\"me\",\"reason\":\"seen\"}'"
    })
public final class PingCommand implements Callable<Integer> {

  /** How long the CLI waits for the answer beyond the work and hold asked for. */
  static final Duration ANSWER_MARGIN = Duration.ofMinutes(2);

  @Spec CommandSpec spec;

  @Mixin TemporalOptions temporal;

  @Option(names = "--message", paramLabel = "TEXT", defaultValue = "ping", description = "Echoed back by the worker (default: ${DEFAULT-VALUE}).")
  String message;

  @Option(names = "--work", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "How long the activity works, heartbeating every second (e.g. 30s).")
  Duration work;

  @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "How long the workflow waits after the answer for a 'release' update (e.g. 10m).")
  Duration hold;

  @Option(names = "--no-wait", description = "Start the workflow and return without waiting for the answer.")
  boolean noWait;

  @Option(names = "--start-server",
      description = "Start the local server and worker first, unless they run ('fleetroll server start'), and ping them.")
  boolean startServer;

  @Override
  public Integer call() {
    if (work.isNegative() || hold.isNegative()) {
      throw new InputException("--work and --hold must not be negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    TemporalEndpoint target = startServer
        ? new LocalStart(System.getenv(), out, spec.commandLine().getErr())
            .start(FleetrollHome.fromEnvironment(), null, null, true)
        : temporal.endpoint();
    try (TemporalConnection connection = TemporalConnection.open(target, TemporalConnection.identity())) {
      TemporalEndpoint endpoint = connection.endpoint();
      connection.requireWorker(endpoint.taskQueue());
      String actor = Actor.current();
      WorkflowOptions options = WorkflowLabels.ping(endpoint.taskQueue(), actor, message);
      String id = options.getWorkflowId();
      PingWorkflow ping = connection.client().newWorkflowStub(PingWorkflow.class, options);
      WorkflowStub.fromTyped(ping).start(new PingRequest(message, actor, work, hold));
      out.printf("Started %s on task queue '%s' at %s%n", id, endpoint.taskQueue(), endpoint.address());
      endpoint.workflowUrl(id).ifPresent(url -> out.printf("Web UI: %s%n", url));
      out.flush();
      if (noWait) {
        return ExitCode.OK;
      }
      Duration patience = work.plus(hold).plus(ANSWER_MARGIN);
      PingResult result;
      try {
        result = WorkflowStub.fromTyped(ping).getResult(patience.toSeconds(), TimeUnit.SECONDS, PingResult.class);
      } catch (TimeoutException e) {
        throw new IllegalStateException("no answer within " + patience.toSeconds() + " s; the ping " + id
            + " still runs (is a worker polling '" + endpoint.taskQueue() + "'?)");
      }
      Pong pong = result.pong();
      out.printf("Pong '%s' from worker %s on attempt %d%s%s%n", pong.message(), pong.worker(), pong.attempt(),
          pong.steps() > 0 ? " after " + pong.steps() + " s of work"
              + (pong.resumedAt() > 0 ? " (resumed at " + pong.resumedAt() + " s)" : "") : "",
          result.release() != null ? "; released by " + result.release().actor() + ": " + result.release().reason() : "");
      out.flush();
      return ExitCode.OK;
    }
  }

}
