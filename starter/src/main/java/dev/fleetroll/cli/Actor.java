package dev.fleetroll.cli;

import java.util.Map;

/** Who runs a command, recorded on every workflow it starts: FLEETROLL_ACTOR, else SUDO_USER, else USER. */
public final class Actor {

  private Actor() {}

  public static String current() {
    return of(System.getenv());
  }

  public static String of(Map<String, String> env) {
    for (String variable : new String[] {"FLEETROLL_ACTOR", "SUDO_USER", "USER"}) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "unknown";
  }
}
