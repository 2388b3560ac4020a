package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusViewGatesTest {

  @Test
  void theDryRunSpellsTheGatesAsThePlanDoes() {
    assertThat(StatusView.gates(GatePolicy.DEFAULT)).isEqualTo("(window 6h00m, soak 30m): min_jobs_per_host 0,"
        + " min_jobs_total 10, min_hosts_with_jobs_fraction 0.9, success_rate_min 0.9, success_rate_drop_max 0.1,"
        + " online_drop_max_pct 10, sshable_min_pct 100, max_failed_hosts infrastructure 1 change 0");
    assertThat(StatusView.gates(new GatePolicy(1, 3, 1.0, 0.95, 0.05, 12.5, 90.0, new FailedHostsLimit(2, 1),
        Duration.ofMinutes(90), Duration.ZERO))).isEqualTo("(window 1h30m, soak 0s): min_jobs_per_host 1,"
        + " min_jobs_total 3, min_hosts_with_jobs_fraction 1, success_rate_min 0.95, success_rate_drop_max 0.05,"
        + " online_drop_max_pct 12.5, sshable_min_pct 90, max_failed_hosts infrastructure 2 change 1");
  }
}
