package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.host.Drained;
import dev.fleetroll.rollout.host.HealthReport;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.QuarantineReason;
import dev.fleetroll.rollout.host.Quarantined;
import dev.fleetroll.rollout.host.Released;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.host.WorkerActivities;
import dev.fleetroll.rollout.host.WorkerFacts;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterException;
import dev.fleetroll.taskcluster.Worker;
import dev.fleetroll.taskcluster.WorkerAddress;
import dev.fleetroll.taskcluster.WorkerReader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The worker steps in Taskcluster, on {@link TaskclusterClient}. Each reads the worker first: a
 * quarantine already set by this rollout is not set again, a quarantine set by someone else is never
 * lifted. Health is judged by task outcomes (recentTasks and each run's state), not lastDateActive,
 * which Taskcluster updates only every ~30 minutes.
 */
public final class WorkerActivitiesImpl implements WorkerActivities {

  /** Far in the future, as RelOps quarantine by hand ("10 years"); released explicitly. */
  static final long QUARANTINE_YEARS = 10;
  /** A worker runs one task at a time; looking at its newest few runs covers a claim racing the quarantine. */
  static final int RUNS_TO_CHECK = 3;

  private final Supplier<TaskclusterClient> client;
  private final Supplier<WorkerReader> reader;
  private final Store store;
  private final Clock clock;

  /**
   * @param client the Taskcluster client; a supplier, so a worker without Taskcluster settings still
   *     starts and fails these steps with a clear message
   */
  public WorkerActivitiesImpl(Supplier<TaskclusterClient> client, Supplier<WorkerReader> reader, Store store) {
    this.client = client;
    this.reader = reader;
    this.store = store;
    this.clock = Clock.systemUTC();
  }

  @Override
  public WorkerFacts inspectWorker(HostJob job, String role, String workerTypeOverride) {
    return onTaskcluster(() -> {
      WorkerAddress address = reader.get().address(job.host(), role, workerTypeOverride);
      if (address == null) {
        return new WorkerFacts(null, role == null ? "the host has no Puppet role" : "role " + role
            + " maps to no worker pool", false, null);
      }
      Worker w;
      try {
        w = client.get().workerWithHistory(address);
      } catch (TaskclusterException e) {
        if (e.notFound()) {
          return new WorkerFacts(null, "Taskcluster does not know worker " + address, false, null);
        }
        throw e;
      }
      return new WorkerFacts(ref(w.address()), null, w.quarantined(clock.instant()), w.quarantineReason());
    });
  }

  @Override
  public Quarantined quarantine(HostJob job, WorkerRef worker, String why) {
    return onTaskcluster(() -> {
      WorkerAddress address = address(worker);
      Instant now = clock.instant();
      Worker w = client.get().workerWithHistory(address);
      if (w.quarantined(now)) {
        if (QuarantineReason.isOurs(w.quarantineReason(), job.rolloutId())) {
          return new Quarantined(now, true);
        }
        throw ActivityFailures.failure(StepFailures.QUARANTINED_BY_OTHER, "worker " + address
            + " was quarantined by someone else meanwhile: " + w.quarantineReason());
      }
      client.get().quarantine(address, now.plus(QUARANTINE_YEARS * 365, ChronoUnit.DAYS), QuarantineReason.of(job, why));
      return new Quarantined(now, false);
    });
  }

  @Override
  public Drained awaitDrain(HostJob job, WorkerRef worker) {
    return onTaskcluster(() -> {
      Worker w = client.get().worker(address(worker));
      List<Worker.TaskRef> recent = w.recentTasks();
      for (Worker.TaskRef ref : recent.subList(Math.max(0, recent.size() - RUNS_TO_CHECK), recent.size())) {
        TaskRun run = run(ref);
        if (run != null && run.resolved() == null && ("running".equals(run.state()) || "pending".equals(run.state()))) {
          throw ActivityFailures.waiting("task " + ref.taskId() + " (run " + ref.runId() + ") is still running on "
              + worker.workerId() + (run.started() != null ? " since " + run.started() : ""));
        }
      }
      String last = recent.isEmpty() ? null : name(recent.getLast());
      return new Drained(last, recent.stream().map(WorkerActivitiesImpl::name).toList());
    });
  }

  @Override
  public Released release(HostJob job, WorkerRef worker) {
    return onTaskcluster(() -> {
      WorkerAddress address = address(worker);
      Instant now = clock.instant();
      Worker w = client.get().workerWithHistory(address);
      if (!w.quarantined(now)) {
        return new Released(now, false, "not quarantined");
      }
      if (!QuarantineReason.isOurs(w.quarantineReason(), job.rolloutId())) {
        return new Released(now, false, "quarantined by someone else since (" + w.quarantineReason() + "); left alone");
      }
      client.get().release(address, QuarantineReason.of(job, "released"));
      return new Released(now, true, null);
    });
  }

  @Override
  public HealthReport verifyHealth(HostJob job, WorkerRef worker, List<String> baseline, HealthPolicy health) {
    return onTaskcluster(() -> {
      WorkerAddress address = healthAddress(job, worker);
      Worker w;
      try {
        w = client.get().worker(address);
      } catch (TaskclusterException e) {
        if (e.notFound()) {
          throw ActivityFailures.waiting("worker " + address + " has not claimed a task yet");
        }
        throw e;
      }
      Set<String> before = new HashSet<>(baseline);
      List<String> completed = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      int running = 0;
      for (Worker.TaskRef ref : w.recentTasks()) {
        if (before.contains(name(ref))) {
          continue;
        }
        TaskRun run = run(ref);
        String state = run == null ? "unknown" : run.state();
        switch (state) {
          case "completed" -> completed.add(name(ref));
          case "failed", "exception" -> failed.add(name(ref) + " " + state
              + (run.reasonResolved() != null && !run.reasonResolved().equals(state) ? " (" + run.reasonResolved() + ")" : ""));
          default -> running++;
        }
      }
      if (completed.size() >= health.tasks()) {
        return new HealthReport(completed, failed);
      }
      if (failed.size() > health.maxFailedTasks()) {
        throw ActivityFailures.failure(StepFailures.TASKS_FAILING, failed.size() + " task(s) failed since the release ("
            + String.join(", ", failed) + "), " + completed.size() + " completed");
      }
      throw ActivityFailures.waiting(completed.size() + " of " + health.tasks() + " task(s) completed since the release"
          + (running > 0 ? ", " + running + " running" : ", none running") + (failed.isEmpty() ? "" : ", " + failed.size()
          + " failed"));
    });
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The worker's pool after the change: WORKER_TYPE_OVERRIDE in the new override moves it. */
  private WorkerAddress healthAddress(HostJob job, WorkerRef worker) {
    return WorkerLocator.moved(address(worker), WorkerLocator.movedTo(store, job.overrideSha()));
  }

  private TaskRun run(Worker.TaskRef ref) {
    try {
      return client.get().taskRun(ref.taskId(), ref.runId());
    } catch (TaskclusterException e) {
      if (e.notFound()) {
        return null; // expired: long resolved
      }
      throw e;
    }
  }

  /** Runs a step on Taskcluster, heartbeating. */
  private <T> T onTaskcluster(Supplier<T> step) {
    try {
      return Heartbeats.around(step);
    } catch (TaskclusterException e) {
      throw ActivityFailures.of(e);
    }
  }

  private static WorkerAddress address(WorkerRef w) {
    return WorkerLocator.address(w);
  }

  private static WorkerRef ref(WorkerAddress a) {
    return WorkerLocator.ref(a);
  }

  private static String name(Worker.TaskRef ref) {
    return ref.taskId() + "/" + ref.runId();
  }
}
