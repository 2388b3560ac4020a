package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @Test
  void readsTheWaysOperatorsWriteDurations() {
    assertThat(DurationConverter.parse("0")).isZero();
    assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationConverter.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "m5", "-5s", "5s 3m", "PTx"})
  void rejectsAnythingElseNamingTheValue(String value) {
    assertThatThrownBy(() -> DurationConverter.parse(value))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageStartingWith("'" + value + "' is not a duration");
  }
}
