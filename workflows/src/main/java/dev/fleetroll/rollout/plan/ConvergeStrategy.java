package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a host gets Puppet to apply the new override once it is written. */
public enum ConvergeStrategy {
  /** Reboot the host: Linux runs Puppet at boot, a Mac before its next worker cycle. */
  REBOOT("reboot"),
  /** Run the Puppet wrapper once ({@code FLEETROLL_SINGLE_RUN=1}) and wait for it. */
  RUN_PUPPET("run-puppet"),
  /** Touch nothing: wait for the host's own next Puppet run. */
  WAIT("wait");

  private final String code;

  ConvergeStrategy(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  @JsonCreator
  public static ConvergeStrategy of(String code) {
    for (ConvergeStrategy s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not a converge strategy (" + codes() + ")");
  }

  public static String codes() {
    return Arrays.stream(values()).map(ConvergeStrategy::code).collect(Collectors.joining(", "));
  }
}
