package dev.fleetroll.cli.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The times `freeze add` takes: now, +DURATION, a date-time with an offset; anything else is refused (exit 2). */
class FreezeTimesTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void nowRelativeAndAbsoluteTimesAreRead() {
    assertThat(FreezeBookClient.time("--from", "now", NOW)).isEqualTo(NOW);
    assertThat(FreezeBookClient.time("--to", "+2h", NOW)).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
    assertThat(FreezeBookClient.time("--to", "2026-12-24T18:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
  }

  @Test
  void aTimeWithoutAnOffsetOrNoTimeAtAllIsRefused() {
    assertThatThrownBy(() -> FreezeBookClient.time("--to", "2026-12-24 18:00", NOW)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("--to 2026-12-24 18:00: not a time: give now, +DURATION");
    assertThatThrownBy(() -> FreezeBookClient.time("--to", "+soon", NOW)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("--to +soon: ");
  }
}
