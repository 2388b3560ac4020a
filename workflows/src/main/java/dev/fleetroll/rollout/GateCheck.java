package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.plan.GatePolicy;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Collection;

/**
 * One look at the health gates, as the rollout's stages and the finalize's observation take it: the evidence
 * about the hosts read by an activity (so the numbers are in history), the failed-host counts from the
 * workflow's own records, the verdict from the pure {@link GateEvaluator}.
 */
public final class GateCheck {

  private GateCheck() {}

  /**
   * Reads Taskcluster (and an SSH connect to each host) for the gates; throws the activity's failure when
   * it could not. It heartbeats: a dead worker's read is retried at once.
   */
  public static GateEvidence collect(String summary, Duration timeout, EvidenceRequest request) {
    return Workflow.newActivityStub(GateActivities.class, ActivityOptions.newBuilder()
            .setSummary(summary)
            .setStartToCloseTimeout(timeout)
            .setHeartbeatTimeout(HostActivities.HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(10)).setMaximumAttempts(3).build())
            .build())
        .collectEvidence(request);
  }

  /** The verdict on {@code read}, with the failures of {@code failed} (the failed hosts' outcomes) counted by type. */
  public static GateReport judge(GatePolicy policy, GateEvidence read, Collection<HostOutcome> failed) {
    int change = count(failed, FailureType.CHANGE);
    int infrastructure = count(failed, FailureType.INFRASTRUCTURE);
    return GateEvaluator.evaluate(policy, new GateEvidence(read.windowStart(), read.collectedAt(), read.rolledOut(),
        read.baseline(), infrastructure, change, read.taskclusterError()));
  }

  static int count(Collection<HostOutcome> failed, FailureType type) {
    return (int) failed.stream().filter(o -> o != null && o.failure() != null && o.failure().type() == type).count();
  }
}
