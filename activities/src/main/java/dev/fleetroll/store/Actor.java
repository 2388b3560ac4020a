package dev.fleetroll.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who is acting: FLEETROLL_ACTOR, else SUDO_USER, else USER, else the operating system's account of this
 * process (root in a container, CI, cron and systemd units run without USER).
 */
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
    return account();
  }

  /** The name of this process's user id in the passwd database, else "uid N" (a uid without an entry). */
  static String account() {
    // The JDK reads user.name from the passwd entry of getuid(), never from the environment; "?" when there is none.
    String name = System.getProperty("user.name");
    if (name != null && !name.isBlank() && !name.equals("?")) {
      return name;
    }
    try {
      return "uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "uid ?";
    }
  }
}
