package dev.fleetroll.rollout.schedule;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When new hosts may start (the plan's {@code schedule.windows[]}): on {@code days} (absent: every day), from
 * {@code from} to {@code to} local time in {@code zone} (absent: UTC). A window whose {@code to} is not after
 * its {@code from} runs overnight into the next day ({@code 22:00}-{@code 06:00}); {@code to: "24:00"} is
 * midnight at the end of the day. The text stays as written; {@link #problem} says what is wrong with it.
 */
public record MaintenanceWindow(
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> days,
    String from,
    String to,
    String zone) {

  public static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]|24:00");
  public static final Pattern DAY = Pattern.compile("mon|tue|wed|thu|fri|sat|sun");

  /** What is wrong with each field, as {field suffix, reason} pairs; empty when it is fine. */
  public List<String[]> problems() {
    List<String[]> out = new java.util.ArrayList<>();
    if (days != null) {
      if (days.isEmpty()) {
        out.add(new String[] {"days", "empty (leave the field out for every day)"});
      }
      for (int i = 0; i < days.size(); i++) {
        if (days.get(i) == null || !DAY.matcher(days.get(i)).matches()) {
          out.add(new String[] {"days[" + i + "]", "'" + days.get(i) + "' is not a day: one of mon, tue, wed, thu, fri,"
              + " sat, sun"});
        }
      }
    }
    time("from", from, out);
    time("to", to, out);
    if (from != null && from.equals(to) && TIME.matcher(from).matches()) {
      out.add(new String[] {"to", "the window from " + from + " to " + to + " is empty (00:00 to 24:00 is a whole day)"});
    } else if ("24:00".equals(from)) {
      out.add(new String[] {"from", "24:00 is the end of a day: start at 00:00"});
    }
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        out.add(new String[] {"zone", "'" + zone + "' is not a time zone (an IANA name such as Europe/Berlin, or UTC)"});
      }
    }
    return out;
  }

  private static void time(String field, String value, List<String[]> out) {
    if (value == null) {
      out.add(new String[] {field, "missing (a local time, HH:MM)"});
    } else if (!TIME.matcher(value).matches()) {
      out.add(new String[] {field, "'" + value + "' is not a time of day HH:MM (00:00 to 24:00)"});
    }
  }

  public ZoneId zoneId() {
    return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
  }

  Set<DayOfWeek> dayset() {
    if (days == null) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (String d : days) {
      for (DayOfWeek w : DayOfWeek.values()) {
        if (w.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(d)) {
          set.add(w);
        }
      }
    }
    return set;
  }

  /** The window's opening on {@code date} (local), or null when it is not one of its days. */
  ZonedDateTime opening(LocalDate date) {
    return dayset().contains(date.getDayOfWeek()) ? ZonedDateTime.of(date, LocalTime.parse(from), zoneId()) : null;
  }

  /** The end of the window that opens on {@code date}. */
  ZonedDateTime closing(LocalDate date) {
    if (to.equals("24:00")) {
      return date.plusDays(1).atStartOfDay(zoneId());
    }
    LocalTime end = LocalTime.parse(to);
    return ZonedDateTime.of(end.isAfter(LocalTime.parse(from)) ? date : date.plusDays(1), end, zoneId());
  }

  /** How people read it: {@code mon-fri 09:00-17:00 Europe/Berlin}. */
  @Override
  public String toString() {
    return (days == null ? "daily" : String.join(",", days)) + " " + from + "-" + to + " " + zoneId().getId();
  }
}
