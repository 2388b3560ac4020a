package dev.fleetroll.rollout;

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

  @WorkflowMethod
  HostOutcome run(HostRevert revert);
}
