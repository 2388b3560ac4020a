package dev.fleetroll.rollout.schedule;

import java.time.Instant;

/**
 * A time when no new host starts: one of the plan's {@code schedule.freezes}, or a team-wide one (then it has
 * an {@code id} and the {@code actor} who added it). It covers {@code from} up to, not including, {@code to}.
 */
public record Freeze(String id, Instant from, Instant to, String reason, String actor, Instant addedAt) {

  public static Freeze ofPlan(Instant from, Instant to, String reason) {
    return new Freeze(null, from, to, reason, null, null);
  }

  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  public boolean team() {
    return id != null;
  }
}
