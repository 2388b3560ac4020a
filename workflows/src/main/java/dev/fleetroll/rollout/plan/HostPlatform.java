package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The operating systems a rollout tells apart: converge strategies are chosen per platform. (Paths
 * on hosts live with the host client, in {@code dev.fleetroll.host.HostOs}.)
 */
public enum HostPlatform {
  LINUX("linux"),
  MACOS("macos");

  private final String code;

  HostPlatform(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  @JsonCreator
  public static HostPlatform of(String code) {
    for (HostPlatform p : values()) {
      if (p.code.equals(code)) {
        return p;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not a platform (linux, macos)");
  }
}
