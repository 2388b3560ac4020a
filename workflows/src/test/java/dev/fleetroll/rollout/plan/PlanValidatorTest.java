package dev.fleetroll.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanValidatorTest {

  private static java.util.List<String> problems(RolloutPlan plan) {
    return PlanValidator.problems(plan).stream().map(PlanValidator.Problem::toString).toList();
  }

  private static RolloutPlan minimal() {
    return new RolloutPlan("pin-x", "x.override", List.of("hosts.list"), null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void minimalPlanIsValidAndGetsTheDocumentedDefaults() {
    assertThat(problems(minimal())).isEmpty();

    RolloutPolicy policy = minimal().withDefaults().policy();

    assertThat(policy).isEqualTo(RolloutPolicy.defaults());
    assertThat(policy.advance()).isEqualTo(AdvanceMode.MANUAL);
    assertThat(policy.converge().strategyFor(HostPlatform.MACOS)).isEqualTo(ConvergeStrategy.REBOOT);
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    RolloutPlan plan = new RolloutPlan(null, " ", List.of(), null, null, null, null, null, null, null, null, null, null);

    assertThat(problems(plan)).containsExactly(
        "name: missing (a short name for the rollout, e.g. pin-branch-x)",
        "override: missing (the override file to roll out, relative to the plan)",
        "targets: missing (host names and host-list files)");
  }

  @Test
  void badValuesAreNamedWithTheirField() {
    RolloutPlan plan = new RolloutPlan("Pin X", "x.override", List.of("a", "", "root@a", "a.example.com, b"), null,
        new StagePolicy(0, List.of("50%", "150%", "lots")), 0, null,
        new DrainPolicy(Duration.ZERO, null), new HealthPolicy(-1, -2, null),
        new Timeouts(Duration.ofSeconds(1), null, Duration.ofHours(1)), null, null, null);

    assertThat(problems(plan)).containsExactly(
        "name: 'Pin X' must be 1-40 lower-case letters, digits and '-', starting and ending with a letter or digit",
        "targets[1]: empty entry",
        "targets[2]: 'root@a': name the host without 'root@' (Fleetroll knows a host by its name; the SSH config's User"
            + " says whom to log in as)",
        "targets[3]: 'a.example.com, b' is not a valid host name (name several hosts as a YAML list: [a, b])",
        "stages.canary: 0 must be between 1 and 1000",
        "stages.batches[1]: '150%' is neither a number of hosts (1 to 1000) nor a percentage (1% to 100%)",
        "stages.batches[2]: 'lots' is neither a number of hosts (1 to 1000) nor a percentage (1% to 100%)",
        "max_in_flight: 0 must be between 1 and 100",
        "drain.deadline: 0s must be between 1s and 5d",
        "health.tasks: -1 must be between 0 and 100 (0: no check)",
        "health.max_failed_tasks: -2 must be between 0 and 100",
        "timeouts.command: 1s must be between 5s and 1h",
        "timeouts.poll: 1h must be between 1s and 10m");
  }

  @Test
  void durationsHaveUpperBounds() {
    RolloutPlan plan = new RolloutPlan("pin-x", "x.override", List.of("hosts.list"), null, null, null, null,
        new DrainPolicy(Duration.ofDays(6), null), new HealthPolicy(null, 101, Duration.ofDays(8)),
        new Timeouts(Duration.ofDays(3_000_000), Duration.ofHours(25), null), null, null, null);

    assertThat(problems(plan)).containsExactly(
        "drain.deadline: 6d must be between 1s and 5d",
        "health.max_failed_tasks: 101 must be between 0 and 100",
        "health.deadline: 8d must be between 1s and 7d",
        "timeouts.command: 3000000d must be between 5s and 1h",
        "timeouts.puppet: 25h must be between 10s and 1d");
  }

  private static RolloutPlan withGates(GatePolicy gates) {
    return new RolloutPlan("pin-x", "x.override", List.of("hosts.list"), null, null, null, null, null, null, null, null,
        gates, null);
  }

  private static RolloutPlan withCapacity(CapacityPolicy capacity) {
    return new RolloutPlan("pin-x", "x.override", List.of("hosts.list"), null, null, null, null, null, null, null, null,
        null, null, capacity);
  }

  @Test
  void capacityFloorIs80PercentByDefaultWithNoBacklogLimit() {
    assertThat(withCapacity(null).withDefaults().capacity()).isEqualTo(new CapacityPolicy(80, null));
    assertThat(withCapacity(new CapacityPolicy(null, 5.0)).withDefaults().capacity()).isEqualTo(new CapacityPolicy(80, 5.0));
    assertThat(problems(withCapacity(new CapacityPolicy(0, 0.0)))).isEmpty();
    assertThat(problems(withCapacity(new CapacityPolicy(99, 10_000.0)))).isEmpty();
  }

  @Test
  void capacityOutOfRangeIsRefused() {
    assertThat(problems(withCapacity(new CapacityPolicy(100, -1.0)))).containsExactly(
        "capacity.min_available_pct: 100 must be between 0 and 99 (percent of a pool's workers kept active and unquarantined)",
        "capacity.max_pending_per_worker: -1 must be between 0 and 10000 (pending tasks per available worker)");
    assertThat(problems(withCapacity(new CapacityPolicy(-5, Double.NaN)))).containsExactly(
        "capacity.min_available_pct: -5 must be between 0 and 99 (percent of a pool's workers kept active and unquarantined)",
        "capacity.max_pending_per_worker: NaN must be between 0 and 10000 (pending tasks per available worker)");
  }

  @Test
  void gatesGetTheDocumentedDefaultsOneByOne() {
    GatePolicy some = new GatePolicy(2, null, null, 0.95, null, null, null, new FailedHostsLimit(3, null),
        Duration.ofHours(2), null);

    GatePolicy g = withGates(some).withDefaults().gates();

    assertThat(problems(withGates(some))).isEmpty();
    assertThat(g).isEqualTo(new GatePolicy(2, 10, 0.9, 0.95, 0.1, 10.0, 100.0, new FailedHostsLimit(3, 0),
        Duration.ofHours(2), Duration.ofMinutes(30)));
  }

  @Test
  void gateLimitsAtTheEdgesOfTheirRangesAreValid() {
    GatePolicy edges = new GatePolicy(20, 0, 1.0, 0.0, 1.0, 100.0, 0.0, new FailedHostsLimit(0, 0),
        Duration.ofMinutes(10), Duration.ZERO);
    GatePolicy top = new GatePolicy(0, 100_000, 0.0, 1.0, 0.0, 0.0, 100.0, new FailedHostsLimit(1000, 1000),
        Duration.ofDays(7), Duration.ofDays(7));

    assertThat(problems(withGates(edges))).isEmpty();
    assertThat(problems(withGates(top))).isEmpty();
  }

  @Test
  void badGateLimitsAreNamedWithTheirFieldAndRange() {
    GatePolicy bad = new GatePolicy(21, -1, 1.5, -0.1, Double.NaN, 101.0, 250.0, new FailedHostsLimit(-1, -2),
        Duration.ofMinutes(5), Duration.ofSeconds(-1));

    assertThat(problems(withGates(bad))).containsExactly(
        "gates.min_jobs_per_host: 21 must be between 0 and 20 (0: off; Taskcluster keeps only a worker's 20 most"
            + " recent tasks)",
        "gates.min_jobs_total: -1 must be between 0 and 100000",
        "gates.min_hosts_with_jobs_fraction: 1.5 must be between 0 and 1 (a fraction)",
        "gates.success_rate_min: -0.1 must be between 0 and 1 (a fraction)",
        "gates.success_rate_drop_max: NaN must be between 0 and 1 (a fraction)",
        "gates.online_drop_max_pct: 101 must be between 0 and 100 (percentage points)",
        "gates.sshable_min_pct: 250 must be between 0 and 100 (a percentage)",
        "gates.max_failed_hosts.infrastructure: -1 must be between 0 and 100000",
        "gates.max_failed_hosts.change: -2 must be between 0 and 100000",
        "gates.window: 5m must be between 10m and 7d (enough for tasks to finish, recent enough to be about this"
            + " change)",
        "gates.soak: -1s must be between 0s and 7d");
    assertThat(problems(withGates(new GatePolicy(null, null, null, null, null, null, null, null,
        Duration.ofDays(8), Duration.ofDays(30))))).containsExactly(
        "gates.window: 8d must be between 10m and 7d (enough for tasks to finish, recent enough to be about this change)",
        "gates.soak: 30d must be between 0s and 7d");
  }

  @Test
  void enumsNameTheirChoices() {
    assertThatThrownBy(() -> ConvergeStrategy.of("reboot-twice"))
        .hasMessage("'reboot-twice' is not a converge strategy (reboot, run-puppet, wait)");
    assertThatThrownBy(() -> DrainDeadlineAction.of("skip"))
        .hasMessage("'skip' is not a drain deadline action (keep-waiting, move-to-end, fail)");
  }
}
