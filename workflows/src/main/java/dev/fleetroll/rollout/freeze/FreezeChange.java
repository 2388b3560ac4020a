package dev.fleetroll.rollout.freeze;

import java.time.Instant;

/**
 * A change to the team's freezes (the argument of {@code freeze add} and {@code freeze remove}): who makes it,
 * why, and for an add the period; for a remove the freeze's id.
 */
public record FreezeChange(String actor, String reason, Instant from, Instant to, String id) {

  public static FreezeChange add(String actor, Instant from, Instant to, String reason) {
    return new FreezeChange(actor, reason, from, to, null);
  }

  public static FreezeChange remove(String actor, String id, String reason) {
    return new FreezeChange(actor, reason, null, null, id);
  }
}
