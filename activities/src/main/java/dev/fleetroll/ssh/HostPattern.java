package dev.fleetroll.ssh;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenSSH host pattern list, as in {@code Host} lines and known_hosts: comma-separated patterns
 * where {@code *} matches any run of characters, {@code ?} exactly one, and a leading {@code !}
 * negates; case-insensitive. Parsed once, with plain names in a set: a config with a Host block per
 * host is matched against every host of a fleet-wide command.
 */
record HostPattern(Set<String> names, List<String> globs, List<String> negated) {

  /** Parses fields such as {@code "a*,!b"} or the separate words of a {@code Host} line. */
  static HostPattern parse(List<String> fields) {
    Set<String> names = new HashSet<>();
    List<String> globs = new ArrayList<>();
    List<String> negated = new ArrayList<>();
    for (String field : fields) {
      for (String p : field.toLowerCase(Locale.ROOT).split(",")) {
        if (p.startsWith("!")) {
          negated.add(p.substring(1));
        } else if (p.contains("*") || p.contains("?")) {
          globs.add(p);
        } else if (!p.isEmpty()) {
          names.add(p);
        }
      }
    }
    return new HostPattern(Set.copyOf(names), List.copyOf(globs), List.copyOf(negated));
  }

  /** True when a pattern matches {@code host} and no negated one does. */
  boolean matches(String host) {
    String h = host.toLowerCase(Locale.ROOT); // the same instance when already lower case
    for (String p : negated) {
      if (glob(p, 0, h, 0)) {
        return false;
      }
    }
    if (names.contains(h)) {
      return true;
    }
    for (String p : globs) {
      if (glob(p, 0, h, 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
