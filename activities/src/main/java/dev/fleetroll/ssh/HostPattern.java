package dev.fleetroll.ssh;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host field of a known_hosts line: comma-separated patterns where {@code *} matches any run of
 * characters, {@code ?} exactly one, and a leading {@code !} negates; case-insensitive, as OpenSSH's
 * {@code match_hostname}. Parsed once, with plain names in a set: a known_hosts file with a line per
 * host is matched against every host of a fleet-wide command.
 */
record HostPattern(Set<String> names, List<String> globs, List<String> negated) {

  /** Parses fields such as {@code "a*,!b"}. */
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
      if (SshPatterns.matches(h, p)) {
        return false;
      }
    }
    if (names.contains(h)) {
      return true;
    }
    for (String p : globs) {
      if (SshPatterns.matches(h, p)) {
        return true;
      }
    }
    return false;
  }
}
