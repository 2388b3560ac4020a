package dev.fleetroll.web;

import dev.fleetroll.Durations;
import dev.fleetroll.monitor.Cell;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small things the templates need: a cell's colour class, links with query strings, times. */
public final class Html {

  /** Categorical colours: a class per hue, so a table of 1,000 rows carries no inline styles. */
  static final int CATEGORIES = 12;

  private Html() {}

  /** The CSS class of a cell's tone ("" when plain). */
  public static String tone(Cell cell) {
    return switch (cell.tone()) {
      case PLAIN -> "";
      case GOOD -> "good";
      case WARN -> "warn";
      case BAD -> "bad";
      case CATEGORY, BOLD_CATEGORY -> category(cell);
    };
  }

  private static String category(Cell cell) {
    String text = cell.text();
    if (cell.unknown() || text.equals("missing")) {
      return "";
    }
    // The same value gets the same colour on every page (as in the terminal): "branch (sha)" by its branch.
    String key = text.contains(" (") ? text.substring(0, text.indexOf(" (")) : text;
    return "c" + Math.floorMod(key.hashCode(), CATEGORIES) + (cell.tone() == dev.fleetroll.monitor.Tone.BOLD_CATEGORY ? " b" : "");
  }

  /** {@code path?k=v&...} with the non-blank values URL-encoded. */
  public static String link(String path, String... keysAndValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isBlank()) {
        params.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    StringBuilder out = new StringBuilder(path);
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      out.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return out.toString();
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** UTC, to the second: {@code 2026-12-06 04:31:09}. */
  public static String time(Instant at) {
    return at == null ? "-" : at.toString().substring(0, 19).replace('T', ' ');
  }

  /** How long ago, as the monitor writes ages. */
  public static String ago(Instant at, Instant now) {
    return at == null ? "-" : Durations.humanize(Duration.between(at, now)) + " ago";
  }

  public static String duration(Duration d) {
    return d == null ? "-" : Durations.humanize(d);
  }

  /** A gate value or threshold as `rollout status` prints it. */
  public static String number(Double value) {
    if (value == null) {
      return "-";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf(value.longValue())
        : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
