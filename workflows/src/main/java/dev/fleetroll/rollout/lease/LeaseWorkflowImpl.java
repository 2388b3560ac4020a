package dev.fleetroll.rollout.lease;

import io.temporal.workflow.Workflow;

public final class LeaseWorkflowImpl implements LeaseWorkflow {

  private LeaseRequest request;
  private boolean released;

  @Override
  public void hold(LeaseRequest request) {
    this.request = request;
    Workflow.setCurrentDetails("**" + request.host() + "** is held by rollout `" + request.rolloutId() + "` (started by "
        + request.actor() + "). Another rollout cannot take it until this one ends.");
    Workflow.await(() -> released);
  }

  @Override
  public void release(String rolloutId) {
    if (request == null || request.rolloutId().equals(rolloutId)) {
      released = true;
    }
  }

  @Override
  public LeaseRequest holder() {
    return request;
  }
}
