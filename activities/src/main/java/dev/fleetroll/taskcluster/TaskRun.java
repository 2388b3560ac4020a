package dev.fleetroll.taskcluster;

import java.time.Instant;

/**
 * One run of a task, read from the task's status.
 *
 * @param state pending | running | completed | failed | exception
 * @param reasonResolved e.g. completed, failed, claim-expired, worker-shutdown; null while unresolved
 */
public record TaskRun(String taskId, int runId, String state, String reasonResolved, Instant started, Instant resolved,
    String workerGroup, String workerId) {

  /** A sign that the host itself is in trouble, not the task (taskcluster-api.md §4). */
  public boolean hostTrouble() {
    return "exception".equals(state) && reasonResolved != null
        && (reasonResolved.equals("claim-expired") || reasonResolved.equals("worker-shutdown")
            || reasonResolved.equals("internal-error"));
  }
}
