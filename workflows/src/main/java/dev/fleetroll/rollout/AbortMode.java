package dev.fleetroll.rollout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an abort stops a rollout. Every mode starts no new host and no new stage. */
public enum AbortMode {
  /** Hosts in flight run their pipeline to the end (their override is applied and verified). */
  STOP_NEW("stop-new"),
  /** Hosts in flight finish their current action (a wait ends at once) and are released (the abort before issue 7). */
  SAFE_STOP("safe-stop"),
  /**
   * Safe stop, then every host this rollout wrote its override to is reverted (override removed,
   * converged, Puppet checked without it, released), the most recently touched first.
   */
  ROLLBACK("rollback");

  private final String code;

  AbortMode(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  @JsonCreator
  public static AbortMode of(String code) {
    for (AbortMode m : values()) {
      if (m.code.equals(code) || m.name().equals(code)) {
        return m;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not an abort mode (stop-new, safe-stop, rollback)");
  }
}
