package dev.fleetroll.cli;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/** Why a workflow refused an update, as its validator said it (not the SDK's wrapping of it). */
public final class UpdateRefusal {

  private UpdateRefusal() {}

  public static String reason(WorkflowUpdateException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof ApplicationFailure a ? a.getOriginalMessage() : cause.getMessage();
  }
}
