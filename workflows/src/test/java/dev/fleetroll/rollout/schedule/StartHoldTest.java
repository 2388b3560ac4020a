package dev.fleetroll.rollout.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows and freezes judged at a moment: time zones, DST, overnight windows, chained freezes. */
class StartHoldTest {

  static final MaintenanceWindow WEEKDAYS_BERLIN = new MaintenanceWindow(List.of("mon", "tue", "wed", "thu", "fri"),
      "09:00", "17:00", "Europe/Berlin");
  static final MaintenanceWindow NIGHTS_UTC = new MaintenanceWindow(null, "22:00", "06:00", null);

  @Test
  void insideAWindowAHostMayStartAndOutsideItWaitsForTheNextOpeningInItsZone() {
    // Monday 2026-12-07 10:00 Berlin is 09:00 UTC.
    assertThat(StartHold.at(Instant.parse("2026-12-07T09:00:00Z"), List.of(WEEKDAYS_BERLIN), List.of())).isNull();
    // Friday 17:00 Berlin (16:00 UTC): closed, opens Monday.
    StartHold friday = StartHold.at(Instant.parse("2026-12-11T16:00:00Z"), List.of(WEEKDAYS_BERLIN), List.of());
    assertThat(friday.frozen()).isFalse();
    assertThat(friday.until()).isEqualTo(Instant.parse("2026-12-14T08:00:00Z"));
    assertThat(friday.text()).isEqualTo("waiting for the window (opens Mon 09:00 Europe/Berlin)");
    // 08:59 Berlin on a Wednesday: opens in a minute.
    assertThat(StartHold.at(Instant.parse("2026-12-09T07:59:00Z"), List.of(WEEKDAYS_BERLIN), List.of()).until())
        .isEqualTo(Instant.parse("2026-12-09T08:00:00Z"));
  }

  @Test
  void anOvernightWindowRunsIntoTheNextDay() {
    assertThat(StartHold.at(Instant.parse("2026-12-08T23:30:00Z"), List.of(NIGHTS_UTC), List.of())).isNull();
    assertThat(StartHold.at(Instant.parse("2026-12-09T05:59:00Z"), List.of(NIGHTS_UTC), List.of())).isNull();
    StartHold morning = StartHold.at(Instant.parse("2026-12-09T06:00:00Z"), List.of(NIGHTS_UTC), List.of());
    assertThat(morning.until()).isEqualTo(Instant.parse("2026-12-09T22:00:00Z"));
    // Only Friday nights: Saturday 03:00 is still Friday's window, Saturday 23:00 is not.
    MaintenanceWindow fridayNight = new MaintenanceWindow(List.of("fri"), "22:00", "06:00", "UTC");
    assertThat(StartHold.at(Instant.parse("2026-12-12T03:00:00Z"), List.of(fridayNight), List.of())).isNull();
    assertThat(StartHold.at(Instant.parse("2026-12-12T23:00:00Z"), List.of(fridayNight), List.of()).until())
        .isEqualTo(Instant.parse("2026-12-18T22:00:00Z"));
  }

  @Test
  void windowsFollowDaylightSavingTime() {
    // Berlin: CET (UTC+1) until 2026-03-29 02:00, then CEST (UTC+2). 09:00 local is 08:00 UTC before, 07:00 after.
    assertThat(StartHold.at(Instant.parse("2026-03-27T16:30:00Z"), List.of(WEEKDAYS_BERLIN), List.of()).until())
        .isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    assertThat(StartHold.at(Instant.parse("2026-03-30T07:30:00Z"), List.of(WEEKDAYS_BERLIN), List.of())).isNull();
    // A window opening in the skipped hour opens when the clocks have jumped (03:30 CEST).
    MaintenanceWindow inTheGap = new MaintenanceWindow(List.of("sun"), "02:30", "05:00", "Europe/Berlin");
    assertThat(StartHold.nextOpening(Instant.parse("2026-03-28T12:00:00Z"), List.of(inTheGap)).toInstant())
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    // The day the clocks go back, 00:00-24:00 Berlin lasts 25 hours: from 22:00 UTC on Saturday to 23:00 UTC on Sunday.
    MaintenanceWindow sunday = new MaintenanceWindow(List.of("sun"), "00:00", "24:00", "Europe/Berlin");
    assertThat(StartHold.at(Instant.parse("2026-10-25T22:30:00Z"), List.of(sunday), List.of())).isNull();
    assertThat(StartHold.at(Instant.parse("2026-10-25T23:00:00Z"), List.of(sunday), List.of())).isNotNull();
  }

  @Test
  void aFreezeHoldsInsideAWindowUntilItAndTheFreezesTouchingItEnd() {
    Instant now = Instant.parse("2026-12-07T09:00:00Z");
    Freeze release = new Freeze("f1", now.minusSeconds(60), now.plus(Duration.ofHours(2)), "release", "alice", now);
    Freeze incident = Freeze.ofPlan(now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3)), "incident");
    StartHold hold = StartHold.at(now, List.of(WEEKDAYS_BERLIN), List.of(release, incident));
    assertThat(hold.frozen()).isTrue();
    assertThat(hold.until()).isEqualTo(now.plus(Duration.ofHours(3)));
    assertThat(hold.text()).isEqualTo("frozen until Mon 2026-12-07 12:00 UTC: release (team freeze f1 by alice)");
    assertThat(StartHold.at(now.plus(Duration.ofHours(3)), List.of(), List.of(release, incident))).isNull();
    assertThat(StartHold.at(now.minusSeconds(61), List.of(), List.of(release))).isNull();
  }

  @Test
  void windowsThatNeverOpenHoldForever() {
    assertThat(StartHold.at(Instant.parse("2026-12-07T09:00:00Z"), List.of(new MaintenanceWindow(List.of(), "09:00",
        "10:00", null)), List.of()).until()).isNull();
  }

  @Test
  void theRunsOfAnExpectedDurationSkipClosedTimeAndFreezes() {
    Instant friday16 = Instant.parse("2026-12-11T15:00:00Z"); // Friday 16:00 Berlin
    Freeze monday = Freeze.ofPlan(Instant.parse("2026-12-14T09:00:00Z"), Instant.parse("2026-12-14T10:00:00Z"), "x");
    List<Instant[]> runs = StartHold.runs(friday16, Duration.ofHours(3), List.of(WEEKDAYS_BERLIN), List.of(monday), 10);
    assertThat(runs).hasSize(3);
    assertThat(runs.get(0)).containsExactly(friday16, Instant.parse("2026-12-11T16:00:00Z"));
    assertThat(runs.get(1)).containsExactly(Instant.parse("2026-12-14T08:00:00Z"), Instant.parse("2026-12-14T09:00:00Z"));
    assertThat(runs.get(2)).containsExactly(Instant.parse("2026-12-14T10:00:00Z"), Instant.parse("2026-12-14T11:00:00Z"));
  }

  @Test
  void badWindowsAreNamedFieldByField() {
    assertThat(new MaintenanceWindow(List.of("monday"), "9:00", "09:00", "Mars/Base").problems())
        .extracting(p -> p[0]).containsExactly("days[0]", "from", "zone");
    assertThat(new MaintenanceWindow(null, "09:00", "09:00", null).problems()).extracting(p -> p[0]).containsExactly("to");
    assertThat(new PlanFreeze("2026-12-24", "2026-12-23T00:00Z", " ").problems()).extracting(p -> p[0])
        .containsExactly("from", "reason");
    assertThat(new PlanFreeze("2026-12-24T00:00Z", "2026-12-23T00:00Z", "x").problems()).extracting(p -> p[0])
        .containsExactly("to");
  }
}
