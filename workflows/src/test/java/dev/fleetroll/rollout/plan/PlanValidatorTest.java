package dev.fleetroll.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanValidatorTest {

  private static RolloutPlan minimal() {
    return new RolloutPlan("pin-x", "x.override", List.of("hosts.list"), null, null, null, null, null, null, null, null, null);
  }

  @Test
  void minimalPlanIsValidAndGetsTheDocumentedDefaults() {
    assertThat(PlanValidator.problems(minimal())).isEmpty();

    RolloutPolicy policy = minimal().withDefaults().policy();

    assertThat(policy).isEqualTo(RolloutPolicy.defaults());
    assertThat(policy.advance()).isEqualTo(AdvanceMode.MANUAL);
    assertThat(policy.converge().strategyFor(HostPlatform.MACOS)).isEqualTo(ConvergeStrategy.REBOOT);
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    RolloutPlan plan = new RolloutPlan(null, " ", List.of(), null, null, null, null, null, null, null, null, null);

    assertThat(PlanValidator.problems(plan)).containsExactly(
        "name: missing (a short name for the rollout, e.g. pin-branch-x)",
        "override: missing (the override file to roll out, relative to the plan)",
        "targets: missing (host names and host-list files)");
  }

  @Test
  void badValuesAreNamedWithTheirField() {
    RolloutPlan plan = new RolloutPlan("Pin X", "x.override", List.of("a", ""), null,
        new StagePolicy(0, List.of("50%", "150%", "lots")), 0, null,
        new DrainPolicy(Duration.ZERO, null), new HealthPolicy(-1, -2, null),
        new Timeouts(Duration.ofSeconds(1), null, Duration.ofHours(1)), null, null);

    assertThat(PlanValidator.problems(plan)).containsExactly(
        "name: 'Pin X' must be 1-40 lower-case letters, digits and '-', starting and ending with a letter or digit",
        "targets[1]: empty entry",
        "stages.canary: 0 must be between 1 and 1000",
        "stages.batches[1]: '150%': a percentage must be between 1% and 100%",
        "stages.batches[2]: 'lots' is neither a number of hosts (5) nor a percentage (50%)",
        "max_in_flight: 0 must be between 1 and 100",
        "drain.deadline: 0s is shorter than 1s",
        "health.tasks: -1 must be between 0 (no check) and 100",
        "health.max_failed_tasks: -2 must not be negative",
        "timeouts.command: 1s is shorter than 5s",
        "timeouts.poll: 1h is too long to notice a change in time (at most 10m)");
  }

  @Test
  void enumsNameTheirChoices() {
    assertThatThrownBy(() -> ConvergeStrategy.of("reboot-twice"))
        .hasMessage("'reboot-twice' is not a converge strategy (reboot, run-puppet, wait)");
    assertThatThrownBy(() -> DrainDeadlineAction.of("skip"))
        .hasMessage("'skip' is not a drain deadline action (keep-waiting, move-to-end, fail)");
  }
}
