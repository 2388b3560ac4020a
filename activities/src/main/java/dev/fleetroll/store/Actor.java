package dev.fleetroll.store;

import java.util.Map;

/** Who is acting: FLEETROLL_ACTOR, else SUDO_USER, else USER, else "unknown". */
public final class Actor {
  private Actor() {}

  public static String current() {
    return from(System.getenv());
  }

  public static String from(Map<String, String> env) {
    for (String name : new String[] {"FLEETROLL_ACTOR", "SUDO_USER", "USER"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "unknown";
  }
}
