package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.freeze.FreezeActivities;
import dev.fleetroll.rollout.freeze.FreezeWorkflow;
import dev.fleetroll.rollout.freeze.TeamFreezes;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the freeze book (a query of the freeze workflow) and tells the running rollouts of a change (a signal
 * to each, found by their search attributes).
 */
public final class FreezeActivitiesImpl implements FreezeActivities {

  private static final Logger log = LoggerFactory.getLogger(FreezeActivitiesImpl.class);

  private final WorkflowClient temporal;

  public FreezeActivitiesImpl(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  @Override
  public TeamFreezes teamFreezes() {
    try {
      return temporal.newWorkflowStub(FreezeWorkflow.class, FreezeWorkflow.ID).book().current();
    } catch (WorkflowNotFoundException e) {
      return TeamFreezes.NONE; // no freeze was ever added on this cluster
    } catch (WorkflowQueryException e) {
      if (e.getCause() instanceof WorkflowNotFoundException) {
        return TeamFreezes.NONE;
      }
      throw e;
    }
  }

  @Override
  public int announce(TeamFreezes freezes) {
    List<WorkflowExecutionMetadata> running = temporal.listExecutions(SearchAttributes.KIND.getName() + " = '"
        + RolloutWorkflow.KIND + "' AND ExecutionStatus = 'Running'").toList();
    int told = 0;
    for (WorkflowExecutionMetadata m : running) {
      try {
        temporal.newUntypedWorkflowStub(m.getExecution().getWorkflowId())
            .signal(RolloutWorkflow.FREEZES_CHANGED, freezes);
        told++;
      } catch (WorkflowNotFoundException e) {
        log.debug("rollout {} ended before the freezes reached it", m.getExecution().getWorkflowId());
      }
    }
    return told;
  }
}
