package dev.fleetroll.ssh;

import java.util.Locale;

/** OpenSSH's pattern matching ({@code match.c}): {@code *} and {@code ?} wildcards, comma lists with {@code !}. */
final class SshPatterns {
  private SshPatterns() {}

  /** One pattern, case-sensitive, as {@code match_pattern}: {@code *} any run, {@code ?} one character. */
  static boolean matches(String s, String pattern) {
    return glob(pattern, 0, s, 0);
  }

  /**
   * A comma-separated pattern list, as {@code match_pattern_list}: -1 when a negated pattern matches,
   * 1 when a positive one does, 0 otherwise. {@code lower} lowercases the patterns (for host names).
   */
  static int matchList(String s, String list, boolean lower) {
    boolean positive = false;
    for (String sub : list.split(",", -1)) {
      boolean negated = sub.startsWith("!");
      String p = negated ? sub.substring(1) : sub;
      if (lower) {
        p = p.toLowerCase(Locale.ROOT);
      }
      if (matches(s, p)) {
        if (negated) {
          return -1;
        }
        positive = true;
      }
    }
    return positive ? 1 : 0;
  }

  /** {@code match_hostname}: the host lowercased against a lowercased pattern list. */
  static boolean hostMatches(String host, String list) {
    return matchList(host.toLowerCase(Locale.ROOT), list, true) == 1;
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k < s.length(); k++) {
          if (glob(p, pi, s, k)) {
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
