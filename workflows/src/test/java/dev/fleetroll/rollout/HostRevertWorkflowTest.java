package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRevert;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import dev.fleetroll.rollout.host.HostRevertWorkflowImpl;
import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.rollout.host.QuarantineReason;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.ConvergePolicy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One host's revert on the time-skipping test server with the fake fleet: what it does to a host in
 * service, to a worker the rollout still holds, when the override is gone already, when someone else's
 * override is there, and when Puppet fails without the override.
 */
class HostRevertWorkflowTest {

  static final String SHA = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
  static final String ROLLOUT = "rollout-revert-20261123-0900";
  private static final FakeFleet fleet = new FakeFleet();

  @RegisterExtension
  static final TestWorkflowExtension temporal = withSearchAttributes(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(HostRevertWorkflowImpl.class)
      .setActivityImplementations(fleet)
      .build();

  static TestWorkflowExtension.Builder withSearchAttributes(TestWorkflowExtension.Builder builder) {
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), key.getValueType());
    }
    return builder;
  }

  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    this.client = client;
    this.taskQueue = options.getTaskQueue();
    fleet.reset(env::currentTimeMillis);
  }

  @Test
  void revertsAHostInServiceQuarantinesDrainsRemovesRebootsAndReleases() {
    FakeFleet.Host h = applied("h1");

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.SUCCEEDED);
    assertThat(fleet.log()).containsExactly("h1 inspect", "h1 quarantine", "h1 drained", "h1 remove", "h1 reboot",
        "h1 puppet-without", "h1 release");
    assertThat(h.override).isNull();
    assertThat(h.removals).isEqualTo(1);
    assertThat(h.puppetOverride).as("Puppet ran without it").isNull();
    assertThat(h.quarantined).isFalse();
    assertThat(h.quarantineReason).contains(ROLLOUT).contains("alice").contains("rollback: wrong branch");
    assertThat(outcome.quarantined()).isFalse();
    assertThat(outcome.puppet().overrideSha()).isNull();
    assertThat(outcome.stepDurations()).containsKeys(HostStep.REMOVE_OVERRIDE, HostStep.AWAIT_PUPPET);
    var attributes = client.newUntypedWorkflowStub(RolloutIds.revert(ROLLOUT, "h1")).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.KIND)).isEqualTo(HostRevertWorkflow.KIND);
    assertThat(attributes.get(SearchAttributes.HOST)).isEqualTo("h1");
    assertThat(attributes.get(SearchAttributes.ROLLOUT_ID)).isEqualTo(ROLLOUT);
    assertThat(attributes.get(SearchAttributes.HOST_STEP)).isEqualTo("succeeded");
  }

  @Test
  void aWorkerTheRolloutStillHoldsIsNotQuarantinedAgainAndIsReleasedOnceClean() {
    FakeFleet.Host h = applied("h1");
    h.quarantined = true;
    h.quarantinedAt = java.time.Instant.EPOCH;
    h.quarantineReason = QuarantineReason.of(job("h1"), "health check failed after override");

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.SUCCEEDED);
    assertThat(h.quarantines).isZero();
    assertThat(fleet.log()).doesNotContain("h1 quarantine").contains("h1 remove", "h1 release");
    assertThat(h.quarantined).isFalse();
  }

  @Test
  void anOverrideGoneAlreadyIsNotRemovedAgainButPuppetMustStillRunWithoutIt() {
    FakeFleet.Host h = applied("h1");
    h.override = null; // removed by hand; Puppet has not run since

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.SUCCEEDED);
    assertThat(h.removals).isZero();
    assertThat(fleet.log()).contains("h1 remove", "h1 reboot", "h1 puppet-without", "h1 release");
  }

  @Test
  void aHostPuppetAlreadyRanCleanOnIsLeftAlone() {
    FakeFleet.Host h = fleet.host("h1");
    h.puppetRan = true;

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.SUCCEEDED);
    assertThat(fleet.log()).containsExactly("h1 inspect");
    assertThat(h.quarantines + h.reboots + h.removals).isZero();
  }

  @Test
  void anotherOverrideOnTheHostIsAConflictAndNothingIsTouched() {
    FakeFleet.Host h = applied("h1");
    h.otherOverride = "0".repeat(64);

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.FAILED);
    assertThat(outcome.failure().code()).isEqualTo(StepFailures.OVERRIDE_CONFLICT);
    assertThat(outcome.failure().step()).isEqualTo(HostStep.PREFLIGHT);
    assertThat(fleet.log()).containsExactly("h1 inspect");
    assertThat(h.quarantined).isFalse();
  }

  @Test
  void aHeldWorkerStaysQuarantinedWhenTheRevertCannotRun() {
    FakeFleet.Host h = applied("h1");
    h.otherOverride = "0".repeat(64);
    h.quarantined = true;
    h.quarantinedAt = java.time.Instant.EPOCH;
    h.quarantineReason = QuarantineReason.of(job("h1"), "health check failed after override");

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.FAILED);
    assertThat(outcome.quarantined()).isTrue();
    assertThat(h.releases).isZero();
  }

  @Test
  void puppetFailingWithoutTheOverrideFailsTheHostAndKeepsItQuarantined() {
    FakeFleet.Host h = applied("h1");
    h.puppetFailsWithoutOverride = true;

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.FAILED);
    assertThat(outcome.failure().step()).isEqualTo(HostStep.AWAIT_PUPPET);
    assertThat(outcome.failure().code()).isEqualTo(StepFailures.PUPPET_FAILED);
    assertThat(outcome.quarantined()).isTrue();
    assertThat(h.quarantined).isTrue();
    assertThat(h.releases).isZero();
    assertThat(h.override).as("removed all the same").isNull();
  }

  @Test
  void aDrainDeadlineBeforeTheRemovalReleasesTheWorkerItQuarantinedUntouched() {
    FakeFleet.Host h = applied("h1");
    h.drainFor = Duration.ofHours(5);

    HostOutcome outcome = revert("h1", policy(DrainDeadlineAction.MOVE_TO_END));

    assertThat(outcome.result()).isEqualTo(HostResult.FAILED);
    assertThat(outcome.failure().code()).isEqualTo(StepFailures.DRAIN_DEADLINE);
    assertThat(outcome.quarantined()).isFalse();
    assertThat(h.releases).isEqualTo(1);
    assertThat(h.override).isEqualTo(SHA);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A host the rollout changed: its override is on, Puppet applied it, its worker is in service. */
  static FakeFleet.Host applied(FakeFleet fleet, String name) {
    FakeFleet.Host h = fleet.host(name);
    h.override = SHA;
    h.puppetOverride = SHA;
    h.puppetRan = true;
    return h;
  }

  private FakeFleet.Host applied(String name) {
    return applied(fleet, name);
  }

  private HostOutcome revert(String host, RolloutPolicy policy) {
    HostRevertWorkflow revert = client.newWorkflowStub(HostRevertWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.revert(ROLLOUT, host)).setTaskQueue(taskQueue).build());
    return revert.run(new HostRevert(job(host), new HostTarget(host, HostPlatform.LINUX, "gecko_t_linux_2404_talos"), null,
        "rollback: wrong branch", policy));
  }

  static HostJob job(String host) {
    return new HostJob(ROLLOUT, "alice", host, SHA);
  }

  static RolloutPolicy policy(DrainDeadlineAction onDrainDeadline) {
    return new RolloutPolicy(new StagePolicy(1, List.of("100%")), 2, ConvergePolicy.DEFAULT,
        new DrainPolicy(Duration.ofHours(1), onDrainDeadline), new HealthPolicy(1, 0, Duration.ofHours(1)),
        new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(45), Duration.ofMinutes(1)), AdvanceMode.MANUAL,
        GatePolicy.DEFAULT);
  }
}
