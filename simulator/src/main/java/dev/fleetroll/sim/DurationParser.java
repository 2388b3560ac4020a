package dev.fleetroll.sim;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations operators type: {@code 500ms}, {@code 90s}, {@code -5m}, {@code +2h}. */
public final class DurationParser {
  private static final Pattern FORM = Pattern.compile("([+-]?)(\\d+)(ms|s|m|h|d)?");

  private DurationParser() {}

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new NumberFormatException("'" + text + "' is not a duration like 500ms, 90s, 5m or 2h");
    }
    long n = Long.parseLong(m.group(2));
    Duration d = switch (m.group(3) == null ? "s" : m.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
    return m.group(1).equals("-") ? d.negated() : d;
  }
}
