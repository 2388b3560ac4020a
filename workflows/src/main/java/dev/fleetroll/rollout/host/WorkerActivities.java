package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.plan.HealthPolicy;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The steps done on a host's worker in Taskcluster. Each checks the worker first, so retries are harmless. */
@ActivityInterface
public interface WorkerActivities {

  /** Finds the host's worker (its pool from the role, or the override's WORKER_TYPE_OVERRIDE). */
  WorkerFacts inspectWorker(HostJob job, String role, String workerTypeOverride);

  /** Quarantines the worker until far in the future; {@code why} goes into quarantineInfo with the rollout and actor. */
  Quarantined quarantine(HostJob job, WorkerRef worker, String why);

  /**
   * One look at the worker: returns once no task it claimed is still running, fails with
   * {@link StepFailures#WAITING} while one is.
   */
  Drained awaitDrain(HostJob job, WorkerRef worker);

  /** Ends the quarantine this rollout set (one set by someone else is left alone). */
  Released release(HostJob job, WorkerRef worker);

  /**
   * One look at the tasks the worker ran since {@code baseline}: returns when {@code health.tasks()}
   * completed, fails with {@link StepFailures#TASKS_FAILING} when more than {@code
   * health.maxFailedTasks()} failed, and with {@link StepFailures#WAITING} otherwise.
   */
  HealthReport verifyHealth(HostJob job, WorkerRef worker, List<String> baseline, HealthPolicy health);
}
