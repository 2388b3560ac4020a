package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import java.time.Instant;
import java.util.Map;

/**
 * A decision as the rollout recorded it: an operator's command, or the rollout's own (actor
 * {@value #ROLLOUT_ACTOR}: a gate verdict, an auto-advance). Who, when, what, why, at which stage, with
 * the command's parameters and the gate report of that moment.
 *
 * @param parameters the command's parameters (host, force, batch size, mode), empty when none
 * @param gates the latest gate report when the decision was taken, null before the first one
 */
public record Decision(String kind, String actor, Instant at, String reason, String stage,
    Map<String, String> parameters, GateReport gates) {

  /** The actor of what the rollout decides by itself. */
  public static final String ROLLOUT_ACTOR = "fleetroll";

  public Decision(String kind, String actor, Instant at, String reason, String stage) {
    this(kind, actor, at, reason, stage, Map.of(), null);
  }
}
