package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One host's revert (workflow id {@code <rollout id>/<host>/revert}): quarantine (unless still held) →
 * drain → remove the override (atomic, with backup; nothing to do when it is gone) → converge → wait
 * for Puppet to report a successful run without an override → release. Never throws: how it ended is
 * its {@link HostOutcome}.
 */
@WorkflowInterface
public interface HostRevertWorkflow {

  String KIND = "host-revert";

  /**
   * The child stub a rollout (rollback) or a finalize starts for one host, with its id, summary and
   * search attributes; {@code why} is "rollback" or "finalize".
   */
  static HostRevertWorkflow child(String rolloutId, String host, String overrideSha, String overrideName, String actor,
      String why) {
    return Workflow.newChildWorkflowStub(HostRevertWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(RolloutIds.revert(rolloutId, host))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .setStaticSummary("Revert override " + overrideName + " on " + host + " (" + why + ")")
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.KIND, KIND)
            .set(SearchAttributes.ROLLOUT_ID, rolloutId)
            .set(SearchAttributes.HOST, host)
            .set(SearchAttributes.OVERRIDE_SHA, overrideSha)
            .set(SearchAttributes.ACTOR, actor)
            .set(SearchAttributes.HOST_STEP, HostStep.PENDING.code())
            .build())
        .build());
  }

  @WorkflowMethod
  HostOutcome run(HostRevert revert);
}
