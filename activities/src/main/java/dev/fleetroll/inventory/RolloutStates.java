package dev.fleetroll.inventory;

import java.time.Instant;
import java.util.Map;

/**
 * What Temporal says about the rollouts drift refers to: running or not, and when each ended.
 *
 * @param known false when Temporal could not be asked (drift then cannot judge quarantines)
 */
public record RolloutStates(boolean known, Map<String, Run> byId) {

  public static final RolloutStates UNKNOWN = new RolloutStates(false, Map.of());

  /** @param closedAt when it ended, null while running */
  public record Run(String id, boolean running, String state, Instant closedAt) {}

  public Run get(String id) {
    return byId.get(id);
  }
}
