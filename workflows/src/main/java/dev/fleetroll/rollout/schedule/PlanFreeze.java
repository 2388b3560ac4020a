package dev.fleetroll.rollout.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A freeze as the plan writes it ({@code schedule.freezes[]}): {@code from} and {@code to} are ISO-8601 date-times
 * with an offset ({@code 2026-12-24T00:00:00+01:00}, {@code 2026-12-24T00:00Z}), {@code reason} says why.
 */
public record PlanFreeze(String from, String to, String reason) {

  /** What is wrong with each field, as {field suffix, reason} pairs. */
  public List<String[]> problems() {
    List<String[]> out = new ArrayList<>();
    Instant f = instant("from", from, out);
    Instant t = instant("to", to, out);
    if (f != null && t != null && !t.isAfter(f)) {
      out.add(new String[] {"to", to + " is not after from (" + from + ")"});
    }
    if (reason == null || reason.isBlank()) {
      out.add(new String[] {"reason", "missing (why no host may start then: status shows it)"});
    }
    return out;
  }

  public Freeze freeze() {
    return Freeze.ofPlan(parse(from), parse(to), reason);
  }

  /** An ISO-8601 date-time with an offset, or null when {@code text} is not one. */
  public static Instant parse(String text) {
    try {
      return text == null ? null : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant instant(String field, String value, List<String[]> out) {
    Instant parsed = parse(value);
    if (value == null) {
      out.add(new String[] {field, "missing (a date-time with offset, e.g. 2026-12-24T00:00:00+01:00)"});
    } else if (parsed == null) {
      out.add(new String[] {field, "'" + value + "' is not a date-time with an offset (e.g. 2026-12-24T00:00:00+01:00"
          + " or 2026-12-24T00:00Z)"});
    }
    return parsed;
  }
}
