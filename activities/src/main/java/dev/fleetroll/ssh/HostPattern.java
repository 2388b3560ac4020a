package dev.fleetroll.ssh;

import java.util.Locale;

/** OpenSSH host patterns: {@code *} matches any run of characters, {@code ?} exactly one. */
final class HostPattern {
  private HostPattern() {}

  static boolean matches(String pattern, String host) {
    return match(pattern.toLowerCase(Locale.ROOT), 0, host.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi + 1, s, k)) {
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
