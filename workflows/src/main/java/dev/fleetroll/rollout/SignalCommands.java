package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator commands that arrive as signals (the Web UI's Send Signal, {@code temporal workflow signal}).
 * A signal without an actor is given its sender's identity as Temporal recorded it; one without a sender
 * either stays without an actor, and the rules refuse it. Workflow code: one per workflow run.
 */
public final class SignalCommands {

  private final Map<String, Integer> received = new HashMap<>();
  private final SignalSenders senders = Workflow.newLocalActivityStub(SignalSenders.class,
      LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build()).build());

  /** The command of the signal named {@code name} just received, its actor filled from its sender if missing. */
  public OperatorCommand received(String name, OperatorCommand command) {
    int index = received.merge(name, 1, Integer::sum) - 1; // signals are handled in the order history has them
    OperatorCommand c = command != null ? command : new OperatorCommand(null, null);
    if (c.actor() != null && !c.actor().isBlank()) {
      return c;
    }
    try {
      String sender = senders.identity(name, index);
      return sender == null ? c : c.withActor(sender);
    } catch (ActivityFailure e) {
      return c; // no sender known: the rules refuse the command for want of an actor
    }
  }

  /** The decision recording a refused signal: who sent it (as far as known), what and why. */
  public static Decision refusal(String name, OperatorCommand command, String why, Instant at, String stage,
      GateReport gates) {
    Map<String, String> parameters = new LinkedHashMap<>(CommandRules.parameters(command));
    parameters.put("command", name);
    parameters.put("via", "signal");
    String actor = command.actor() == null || command.actor().isBlank() ? "unknown" : command.actor();
    return new Decision("refused", actor, at, "signal " + name + " refused: " + why, stage, Map.copyOf(parameters), gates);
  }
}
