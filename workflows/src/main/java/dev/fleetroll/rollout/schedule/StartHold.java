package dev.fleetroll.rollout.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why no new host may start at a moment, if none may: a freeze covers it (the plan's or a team-wide one), or the
 * plan has windows and none is open. {@code until} is when to look again (the freeze ends, the next window
 * opens; null: never, as with windows on no day). Pure: the workflow asks it at every host boundary.
 *
 * @param frozen a freeze holds (else: waiting for a window)
 * @param text what status and the Web UI say
 */
public record StartHold(boolean frozen, Instant until, String text) {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(java.time.ZoneOffset.UTC);
  /** Every window recurs within a week; a day more covers an overnight one and a DST shift. */
  private static final int DAYS_AHEAD = 8;

  /** The hold at {@code now}, or null when a host may start. */
  public static StartHold at(Instant now, List<MaintenanceWindow> windows, List<Freeze> freezes) {
    List<Freeze> covering = freezes.stream().filter(f -> f.covers(now)).toList();
    if (!covering.isEmpty()) {
      Instant until = frozenUntil(now, freezes);
      String reasons = String.join("; ", covering.stream().map(StartHold::reason).toList());
      return new StartHold(true, until, "frozen until " + UTC.format(until) + ": " + reasons);
    }
    if (windows.isEmpty() || open(now, windows)) {
      return null;
    }
    ZonedDateTime next = nextOpening(now, windows);
    return next == null ? new StartHold(false, null, "waiting for a window: " + windows + " never opens")
        : new StartHold(false, next.toInstant(), "waiting for the window (opens " + WHEN.format(next) + " "
            + next.getZone().getId() + ")");
  }

  /** Whether one of {@code windows} is open at {@code now}. */
  public static boolean open(Instant now, List<MaintenanceWindow> windows) {
    for (MaintenanceWindow w : windows) {
      LocalDate today = now.atZone(w.zoneId()).toLocalDate();
      for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
        ZonedDateTime opens = w.opening(d);
        if (opens != null && !now.isBefore(opens.toInstant()) && now.isBefore(w.closing(d).toInstant())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first opening of one of {@code windows} after {@code now}, in its window's zone; null: none opens. */
  public static ZonedDateTime nextOpening(Instant now, List<MaintenanceWindow> windows) {
    ZonedDateTime best = null;
    for (MaintenanceWindow w : windows) {
      LocalDate today = now.atZone(w.zoneId()).toLocalDate();
      for (int i = 0; i <= DAYS_AHEAD; i++) {
        ZonedDateTime opens = w.opening(today.plusDays(i));
        if (opens != null && opens.toInstant().isAfter(now) && (best == null || opens.toInstant().isBefore(best.toInstant()))) {
          best = opens;
          break;
        }
      }
    }
    return best;
  }

  /** The end of the freeze covering {@code now}, carried on through freezes that overlap or touch it. */
  static Instant frozenUntil(Instant now, List<Freeze> freezes) {
    Instant until = now;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Freeze f : freezes) {
        if (!f.from().isAfter(until) && f.to().isAfter(until)) {
          until = f.to();
          moved = true;
        }
      }
    }
    return until;
  }

  /**
   * The stretches of time from {@code start} in which hosts may start, until {@code work} of them has been
   * spent (the dry run's expected duration): each stretch {start, end}; at most {@code max} of them.
   */
  public static List<Instant[]> runs(Instant start, java.time.Duration work, List<MaintenanceWindow> windows,
      List<Freeze> freezes, int max) {
    List<Instant[]> out = new ArrayList<>();
    Instant t = start;
    java.time.Duration left = work;
    while (out.size() < max && left.isPositive()) {
      StartHold hold = at(t, windows, freezes);
      if (hold != null) {
        if (hold.until() == null) {
          break;
        }
        t = hold.until();
        continue;
      }
      Instant end = t.plus(left);
      end = min(end, nextClosing(t, windows));
      for (Freeze f : freezes) {
        if (f.from().isAfter(t) && f.from().isBefore(end)) {
          end = f.from();
        }
      }
      out.add(new Instant[] {t, end});
      left = left.minus(java.time.Duration.between(t, end));
      t = end;
    }
    return out;
  }

  /** When the window open at {@code now} closes for good (no other window open then), or far away with none. */
  private static Instant nextClosing(Instant now, List<MaintenanceWindow> windows) {
    if (windows.isEmpty()) {
      return Instant.MAX;
    }
    Instant t = now;
    for (int guard = 0; guard < 64 && open(t, windows); guard++) {
      Instant next = Instant.MAX;
      for (MaintenanceWindow w : windows) {
        LocalDate today = t.atZone(w.zoneId()).toLocalDate();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
          ZonedDateTime opens = w.opening(d);
          Instant closes = opens == null ? null : w.closing(d).toInstant();
          if (opens != null && !t.isBefore(opens.toInstant()) && t.isBefore(closes)) {
            next = min(next, closes);
          }
        }
      }
      t = next;
    }
    return t;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String reason(Freeze f) {
    return f.reason() + (f.team() ? " (team freeze " + f.id() + " by " + f.actor() + ")" : "");
  }
}
