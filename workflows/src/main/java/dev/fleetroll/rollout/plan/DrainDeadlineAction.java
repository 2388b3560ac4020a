package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What happens to a host whose running task is still running at the drain deadline. */
public enum DrainDeadlineAction {
  /** Wait on: the host keeps its slot until the task resolves. */
  KEEP_WAITING("keep-waiting"),
  /** Give the slot to the next host and come back to this one (still quarantined) at the end of the stage, once. */
  MOVE_TO_END("move-to-end"),
  /** Release the quarantine and count the host as failed (infrastructure). */
  FAIL("fail");

  private final String code;

  DrainDeadlineAction(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  @JsonCreator
  public static DrainDeadlineAction of(String code) {
    for (DrainDeadlineAction a : values()) {
      if (a.code.equals(code)) {
        return a;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not a drain deadline action (" + codes() + ")");
  }

  public static String codes() {
    return Arrays.stream(values()).map(DrainDeadlineAction::code).collect(Collectors.joining(", "));
  }
}
