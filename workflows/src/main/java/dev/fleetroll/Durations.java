package dev.fleetroll;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How we write durations for people, one named form per place they are read (each form is fixed by the
 * outputs people and scripts already read), and how the monitor reads its ages back.
 */
public final class Durations {
  private Durations() {}

  /** A rollout's times in {@code rollout status} and {@code watch}: {@code 75s}, {@code 4m}, {@code 6m30s}, {@code 2h05m}. */
  public static String elapsed(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 90) {
      return s + "s";
    }
    if (s < 5400) {
      return (s / 60) + "m" + (s % 60 >= 10 && s < 600 ? String.format("%02ds", s % 60) : "");
    }
    return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
  }

  /** How long a server has been up: {@code 7s}, {@code 5m3s}, {@code 1h5m}. */
  public static String uptime(Duration d) {
    if (d.toHours() > 0) {
      return d.toHours() + "h" + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
    return d.toSeconds() + "s";
  }

  /** The monitor's ages: {@code 45s}, {@code 12m}, {@code 3h 05m}, {@code 2d 04h}. */
  public static String humanize(Duration d) {
    return humanize(d.toSeconds(), false);
  }

  /** @param minuteMinimum write {@code <1m} instead of seconds (the DATA column) */
  public static String humanize(long seconds, boolean minuteMinimum) {
    long s = Math.max(0, seconds);
    if (s < 60) {
      return minuteMinimum ? "<1m" : s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    if (s < 86400) {
      return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format("%dd %02dh", s / 86400, (s % 86400) / 3600);
  }

  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([dhms])");

  /**
   * Reads an age as the monitor writes it or as an operator types it in a filter ({@code 20h},
   * {@code 1h30m}, {@code 2d 04h}, {@code <1m}); a trailing {@code FAIL} or {@code -} is ignored.
   * Returns null when {@code text} is not an age.
   */
  public static Long parseSeconds(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    t = t.replaceAll("\\s+fail$", "").replaceAll("\\s+-$", "").strip();
    boolean lessThan = t.startsWith("<");
    if (lessThan) {
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    if (t.matches("\\d+")) {
      return Long.parseLong(t);
    }
    Matcher m = PART.matcher(t);
    long total = 0;
    int end = 0;
    while (m.find()) {
      if (!t.substring(end, m.start()).isBlank()) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "d" -> n * 86400;
        case "h" -> n * 3600;
        case "m" -> n * 60;
        default -> n;
      };
      end = m.end();
    }
    if (end == 0 || !t.substring(end).isBlank()) {
      return null;
    }
    return lessThan ? total - 1 : total;
  }
}
