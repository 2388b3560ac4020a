package dev.fleetroll.store;

import java.time.Instant;

/**
 * Our last change of a host's override: when, by which action ({@code rollout.write_override},
 * {@code set_override}, ...), and the override's sha256 (null after a removal).
 */
public record HostChange(String host, Instant at, String action, String sha256) {
  public boolean byRollout() {
    return action.startsWith("rollout.");
  }
}
