package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.finalize.FinalizeHost;
import dev.fleetroll.rollout.finalize.FinalizeRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What {@code rollout finalize} decides before it touches anything: may this rollout be finalized, and with what. */
final class FinalizeCheck {

  private FinalizeCheck() {}

  /** Refusals that need no server: the command must say it means every host, and be confirmed. */
  static String refusal(String id, boolean all, boolean confirm, Duration observe) {
    if (!all) {
      return "finalize removes the override from every host of rollout " + id + ": pass --all (finalizing some hosts"
          + " only is not supported)";
    }
    if (!confirm) {
      return "finalize removes the override from every host of rollout " + id + " and reboots them: pass --confirm";
    }
    if (observe == null || observe.isNegative() || observe.isZero()) {
      return "--observe must be a positive duration (e.g. 1h)";
    }
    return null;
  }

  /**
   * A rollout whose workflow completed is finalized: one that succeeded once its change is merged, one that
   * ended with failures or was aborted to clean up after it (its override comes off every host it touched,
   * hosts it left quarantined included, each released once Puppet ran without it).
   *
   * @param execution the rollout workflow's execution status
   * @param status the rollout's own status when its workflow completed, else null
   */
  static String refusal(String id, WorkflowExecutionStatus execution, RolloutStatus status) {
    if (execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
      return "rollout " + id + " is still running; only an ended rollout can be finalized (abort it first, or wait)";
    }
    if (execution != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED || status == null) {
      return "rollout " + id + " ended " + execution.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
          .toLowerCase(Locale.ROOT).replace('_', '-') + " without a result; only a rollout that ended on its own can be"
          + " finalized (its hosts: 'fleetroll host quarantined', 'fleetroll host unset-override', 'fleetroll host release')";
    }
    return null;
  }

  /**
   * The finalize of {@code result}: every host the rollout touched and did not revert already (a succeeded
   * host, a failed one that may carry the override), with the worker its pipeline found, the rollout's policy.
   */
  static FinalizeRequest request(RolloutSpec spec, RolloutResult result, String actor, String reason, Duration observe) {
    List<FinalizeHost> hosts = result.hosts().stream()
        .filter(h -> h.status() == HostStatus.SUCCEEDED || h.touched() && h.status() != HostStatus.REVERTED)
        .map(h -> new FinalizeHost(h.target(), h.outcome() != null ? h.outcome().worker() : null)).toList();
    return new FinalizeRequest(spec.id(), actor, reason, spec.overrideSha(), spec.overrideName(), hosts, spec.policy(),
        observe);
  }

  static List<String> hostNames(FinalizeRequest request) {
    return request.hosts().stream().map(h -> h.target().host()).toList();
  }
}
