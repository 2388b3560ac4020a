package dev.fleetroll.cli.freeze;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.rollout.freeze.FreezeBook;
import dev.fleetroll.rollout.freeze.FreezeRecord;
import dev.fleetroll.rollout.schedule.Freeze;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the team-wide freezes in force or to come.")
public final class FreezeListCommand implements Callable<Integer> {

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  @Option(names = "--audit", description = "Also every change: who added or removed which freeze, when and why.")
  boolean audit;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    try (TemporalConnection connection = temporal.connect()) {
      FreezeBook book = new FreezeBookClient(connection).read();
      Instant now = Instant.now();
      var current = book.freezes().stream().filter(f -> f.to().isAfter(now)).toList();
      if (current.isEmpty()) {
        System.out.println("No team freeze.");
      } else {
        System.out.printf("%-10s %-26s %-26s %-10s %s%n", "ID", "FROM", "TO", "BY", "REASON");
        for (Freeze f : current) {
          System.out.printf("%-10s %-26s %-26s %-10s %s%s%n", f.id(), when(f.from()), when(f.to()), f.actor(), f.reason(),
              f.covers(now) ? "  (in force)" : "");
        }
      }
      if (audit) {
        System.out.println();
        for (FreezeRecord r : book.audit()) {
          System.out.println(when(r.at()) + "  " + r.kind() + " " + r.id() + " by " + r.actor() + " (" + when(r.from())
              + " - " + when(r.to()) + ")" + (r.reason() == null || r.reason().isBlank() ? "" : ": " + r.reason()));
        }
      }
      return ExitCode.OK;
    }
  }

  static String when(Instant t) {
    return UTC.format(t);
  }
}
