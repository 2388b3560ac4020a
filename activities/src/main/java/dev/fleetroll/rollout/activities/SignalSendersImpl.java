package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.SignalSenders;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;

/** Reads a signal's sender from the calling workflow run's history, with the worker's own client. */
public final class SignalSendersImpl implements SignalSenders {

  private final WorkflowClient client;

  public SignalSendersImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public String identity(String signalName, int index) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    int seen = 0;
    for (HistoryEvent event : client.fetchHistory(info.getWorkflowId(), info.getRunId()).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
          && event.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals(signalName) && seen++ == index) {
        String identity = event.getWorkflowExecutionSignaledEventAttributes().getIdentity();
        return identity.isBlank() ? null : identity;
      }
    }
    return null;
  }
}
