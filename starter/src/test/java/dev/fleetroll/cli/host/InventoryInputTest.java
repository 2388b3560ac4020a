package dev.fleetroll.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input to the inventory commands is refused with exit 2 and a line that says what is wrong, before anything is touched. */
class InventoryInputTest {

  @Test
  void aScheduleNeedsHostsOrOneActionAndIntervalsOfAtLeastTenSeconds() {
    Cli.Run none = Cli.run("inventory", "schedule");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("--hosts LIST is required");

    Cli.Run both = Cli.run("inventory", "schedule", "--show", "--off");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);

    Cli.Run fast = Cli.run("inventory", "schedule", "--hosts", "t-linux64-ms-001.test.releng.mdc1.mozilla.com", "--every", "1s");
    assertThat(fast.exitCode()).as(fast.toString()).isEqualTo(2);
    assertThat(fast.err()).contains("intervals must be at least 10s");
  }

  @Test
  void driftNamesTheTypesItKnows() {
    Cli.Run run = Cli.run("host", "drift", "--type", "orphaned");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("override, lingering, puppet, behind, unreachable, tc-missing, quarantine");
  }

  @Test
  void aNoteNeedsAHostNameAndText() {
    Cli.Run run = Cli.run("host", "note", "add", "ms_016!", "fan", "noisy");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("'ms_016!' is not a valid host name");
  }
}
