package dev.fleetroll.sim.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.sim.FleetSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `sim up`'s timing options travel to the daemon as arguments and become the fleet's spec. */
class SimTimingTest {

  @Test
  void everyTimingOptionReachesTheSpec() {
    SimControl.Timing timing = new SimControl.Timing(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofSeconds(10), 20.0);

    FleetSpec spec = SimDaemon.withTiming(FleetSpec.of(2, 1), options(timing.arguments()));

    assertThat(spec.puppetDuration()).isZero();
    assertThat(spec.rebootDowntime()).isZero();
    assertThat(spec.taskMin()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.taskMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.tasksPerMinutePerWorker()).isEqualTo(20.0);
    assertThat(spec.puppetRetry()).isEqualTo(FleetSpec.of(2, 1).puppetRetry());
  }

  @Test
  void noOptionsKeepTheDefaultsAndALongMinimumTaskRaisesTheMaximum() {
    FleetSpec defaults = FleetSpec.of(2, 1);
    assertThat(SimControl.Timing.DEFAULTS.arguments()).isEmpty();
    assertThat(SimDaemon.withTiming(defaults, Map.of())).isEqualTo(defaults);

    FleetSpec longTasks = SimDaemon.withTiming(defaults, Map.of("--task-min-ms", "120000"));
    assertThat(longTasks.taskMin()).isEqualTo(Duration.ofMinutes(2));
    assertThat(longTasks.taskMax()).isEqualTo(Duration.ofMinutes(2));
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      out.put(args.get(i), args.get(i + 1));
    }
    return out;
  }
}
