package dev.fleetroll.rollout.readiness;

import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public final class ReadinessWorkflowImpl implements ReadinessWorkflow {

  @Override
  public Readiness check(ReadinessRequest request) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.KIND.valueSet(KIND));
    ReadinessActivities activities = Workflow.newActivityStub(ReadinessActivities.class, ActivityOptions.newBuilder()
        .setSummary("Check what the worker needs for the " + request.purpose() + "'s " + request.hosts().size() + " hosts")
        // Only file and configuration reads: a worker that does not answer in time is a problem in itself.
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
        .build());
    Readiness readiness = activities.check(request);
    Workflow.setCurrentDetails(readiness.ready() ? "Worker `" + readiness.worker() + "` is ready"
        : "Worker `" + readiness.worker() + "` lacks:\n- " + String.join("\n- ", readiness.missing()));
    return readiness;
  }
}
