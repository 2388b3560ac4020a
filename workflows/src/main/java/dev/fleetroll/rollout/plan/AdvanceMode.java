package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who moves a rollout from one stage to the next. */
public enum AdvanceMode {
  /** The rollout waits for assessment at the end of every stage until an operator advances it (the default). */
  MANUAL("manual"),
  /** The next stage starts by itself once the stage's gates have held for {@code gates.soak}. */
  AUTO("auto");

  private final String code;

  AdvanceMode(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  @JsonCreator
  public static AdvanceMode of(String code) {
    for (AdvanceMode m : values()) {
      if (m.code.equals(code)) {
        return m;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not an advance mode (manual, auto)");
  }
}
