package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {
  @Test
  void namesAndGlobsMatchWithoutRegardToCase() {
    HostPattern p = HostPattern.parse(List.of("T-Linux64-MS-001.test", "macmini-r8-0??,*.mdc2.mozilla.com"));
    assertThat(p.matches("t-linux64-ms-001.test")).isTrue();
    assertThat(p.matches("T-LINUX64-MS-001.TEST")).isTrue();
    assertThat(p.matches("t-linux64-ms-001")).isFalse();
    assertThat(p.matches("macmini-r8-042")).isTrue();
    assertThat(p.matches("macmini-r8-1042")).isFalse();
    assertThat(p.matches("x.MDC2.mozilla.com")).isTrue();
    assertThat(p.matches("mdc2.mozilla.com")).isFalse();
  }

  @Test
  void aNegatedPatternWinsOverAnyMatch() {
    HostPattern p = HostPattern.parse(List.of("*", "!t-linux64-ms-0*", "t-linux64-ms-001"));
    assertThat(p.matches("macmini-r8-001")).isTrue();
    assertThat(p.matches("t-linux64-ms-001")).isFalse();
    assertThat(HostPattern.parse(List.of("!a")).matches("b")).isFalse();
  }
}
