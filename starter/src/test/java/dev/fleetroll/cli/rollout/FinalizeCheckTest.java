package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.finalize.FinalizeHost;
import dev.fleetroll.rollout.finalize.FinalizeRequest;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `rollout finalize` refuses before it touches anything, and the finalize it builds from a rollout. */
class FinalizeCheckTest {

  private static final String ID = "rollout-fix-20261123-0931";
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void needsAllAndConfirm() {
    assertThat(FinalizeCheck.refusal(ID, false, true, HOUR)).contains("pass --all");
    assertThat(FinalizeCheck.refusal(ID, true, false, HOUR)).contains("pass --confirm");
    assertThat(FinalizeCheck.refusal(ID, true, true, Duration.ZERO)).contains("--observe");
    assertThat(FinalizeCheck.refusal(ID, true, true, HOUR)).isNull();
  }

  @Test
  void anEndedRolloutIsFinalizedARunningOneOrOneWithoutAResultIsNot() {
    assertThat(FinalizeCheck.refusal(ID, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, null))
        .isEqualTo("rollout " + ID + " is still running; only an ended rollout can be finalized (abort it first, or wait)");
    assertThat(FinalizeCheck.refusal(ID, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, null))
        .startsWith("rollout " + ID + " ended terminated without a result").contains("fleetroll host release");
    assertThat(FinalizeCheck.refusal(ID, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        RolloutStatus.COMPLETED_WITH_FAILURES)).isNull();
    assertThat(FinalizeCheck.refusal(ID, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        RolloutStatus.ABORTED)).isNull();
    assertThat(FinalizeCheck.refusal(ID, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        RolloutStatus.SUCCEEDED)).isNull();
  }

  @Test
  void theFinalizeOfAFailedRolloutTakesEveryHostItTouchedAndDidNotRevert() {
    String sha = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
    RolloutSpec spec = new RolloutSpec(ID, "fix", "alice", sha, "topic (black-fix)", List.of(), List.of(),
        RolloutPolicy.defaults(), Duration.ofMinutes(20), RolloutSpec.DEFAULT_HISTORY_LIMIT);
    WorkerRef w = new WorkerRef("releng-hardware", "gecko-t-linux-talos-2404", "mdc1", "h");
    Instant t = Instant.parse("2026-11-23T09:31:00Z");
    HostOutcome failedWrite = new HostOutcome("h1", HostResult.FAILED, null, true, w, null, null, null, t, t, Map.of(),
        true);
    HostOutcome failedPreflight = new HostOutcome("h2", HostResult.FAILED, null, false, w, null, null, null, t, t,
        Map.of());
    RolloutResult result = new RolloutResult(ID, RolloutStatus.COMPLETED_WITH_FAILURES, 1, 2, 0, List.of(
        record("h0", HostStatus.SUCCEEDED, w),
        new HostRecord(new HostTarget("h1", HostPlatform.LINUX, "r"), 0, HostStatus.FAILED, 1, t, 0, null, failedWrite),
        new HostRecord(new HostTarget("h2", HostPlatform.LINUX, "r"), 0, HostStatus.FAILED, 1, t, 0, null, failedPreflight),
        new HostRecord(new HostTarget("h3", HostPlatform.LINUX, "r"), 0, HostStatus.REVERTED, 1, t, 0, null, failedWrite)));

    FinalizeRequest request = FinalizeCheck.request(spec, result, "bob", "cleanup", HOUR);

    assertThat(request.hosts()).extracting(h -> h.target().host()).containsExactly("h0", "h1");
  }

  @Test
  void theFinalizeTakesTheSucceededHostsWithTheirWorkersAndTheRolloutsPolicy() {
    String sha = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
    RolloutSpec spec = new RolloutSpec(ID, "fix", "alice", sha, "topic (black-fix)", List.of(), List.of(),
        RolloutPolicy.defaults(), Duration.ofMinutes(20), RolloutSpec.DEFAULT_HISTORY_LIMIT);
    WorkerRef w1 = new WorkerRef("releng-hardware", "gecko-t-linux-talos-2404", "mdc1", "h1");
    RolloutResult result = new RolloutResult(ID, RolloutStatus.SUCCEEDED, 1, 0, 1, List.of(
        record("h1", HostStatus.SUCCEEDED, w1), record("h2", HostStatus.EXCLUDED, null)));

    FinalizeRequest request = FinalizeCheck.request(spec, result, "bob", "merged", HOUR);

    assertThat(request.rolloutId()).isEqualTo(ID);
    assertThat(request.overrideSha()).isEqualTo(sha);
    assertThat(request.actor()).isEqualTo("bob");
    assertThat(request.hosts()).extracting(FinalizeHost::worker).containsExactly(w1);
    assertThat(request.policy()).isEqualTo(spec.policy());
    assertThat(request.observe()).isEqualTo(HOUR);
  }

  private static HostRecord record(String host, HostStatus status, WorkerRef worker) {
    Instant t = Instant.parse("2026-11-23T09:31:00Z");
    HostOutcome outcome = worker == null ? null : new HostOutcome(host, HostResult.SUCCEEDED, null, false, worker, null,
        null, null, t, t.plusSeconds(600), Map.of());
    return new HostRecord(new HostTarget(host, HostPlatform.LINUX, "gecko_t_linux_2404_talos"), 0, status, 1, t, 0, null,
        outcome);
  }
}
