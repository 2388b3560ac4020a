package dev.fleetroll.sim.taskcluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The state of the simulated Taskcluster queue: task queues with their pending tasks, tasks and their
 * runs, and the workers the queue has seen. Semantics follow taskcluster-api.md: workers appear on
 * their first claimWork, a quarantined worker's claimWork returns nothing (a claimed task keeps
 * running), runs whose worker stops reclaiming end in exception/claim-expired and are retried, and
 * worker records expire a day after the worker was last seen unless quarantined. Thread-safe.
 */
public final class Queue {
  static final int RECENT_TASKS = 20;
  private static final Duration WORKER_EXPIRY = Duration.ofDays(1);

  /** A task's run. */
  public static final class Run {
    final int runId;
    String state = "pending";
    final String reasonCreated;
    String reasonResolved;
    String workerGroup;
    String workerId;
    Instant takenUntil;
    final Instant scheduled;
    Instant started;
    Instant resolved;

    Run(int runId, String reasonCreated, Instant scheduled) {
      this.runId = runId;
      this.reasonCreated = reasonCreated;
      this.scheduled = scheduled;
    }
  }

  /** A task and its runs. */
  public static final class Task {
    final String taskId;
    final String provisionerId;
    final String workerType;
    final String taskGroupId;
    final Instant created;
    final Instant deadline;
    final Instant expires;
    final String name;
    int retriesLeft = 5;
    final List<Run> runs = new ArrayList<>();

    Task(String taskId, String provisionerId, String workerType, String taskGroupId, Instant created, String name) {
      this.taskId = taskId;
      this.provisionerId = provisionerId;
      this.workerType = workerType;
      this.taskGroupId = taskGroupId;
      this.created = created;
      this.deadline = created.plus(Duration.ofDays(1));
      this.expires = created.plus(Duration.ofDays(28));
      this.name = name;
    }

    Run lastRun() {
      return runs.getLast();
    }

    String state() {
      return runs.isEmpty() ? "unscheduled" : lastRun().state;
    }
  }

  /** A worker as the queue knows it. */
  public static final class Worker {
    final String provisionerId;
    final String workerType;
    final String workerGroup;
    final String workerId;
    final Instant firstClaim;
    Instant lastDateActive;
    Instant expires;
    Instant quarantineUntil;
    final List<String[]> recentTasks = new ArrayList<>(); // {taskId, runId}
    final List<QuarantineDetail> quarantineDetails = new ArrayList<>();

    Worker(String provisionerId, String workerType, String workerGroup, String workerId, Instant now) {
      this.provisionerId = provisionerId;
      this.workerType = workerType;
      this.workerGroup = workerGroup;
      this.workerId = workerId;
      this.firstClaim = now;
      this.lastDateActive = now;
      this.expires = now.plus(WORKER_EXPIRY);
      this.quarantineUntil = now.minus(Duration.ofDays(3652)); // never quarantined: first seen − 10 years
    }

    boolean quarantined(Instant now) {
      return !quarantineUntil.isBefore(now);
    }
  }

  /** One entry of a worker's quarantine history. */
  public record QuarantineDetail(String clientId, Instant updatedAt, String quarantineUntil, String quarantineInfo) {}

  private final Clock clock;
  private final RandomGenerator random;
  private final Duration claimTimeout;
  private final Duration lastActiveThrottle;
  private final Map<String, Deque<Task>> pending = new LinkedHashMap<>();   // by taskQueueId
  private final Map<String, Instant> taskQueues = new LinkedHashMap<>();    // taskQueueId → lastDateActive
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Worker> workers = new LinkedHashMap<>();        // by p/wt/wg/wid
  private final String taskGroupId;

  public Queue(Clock clock, RandomGenerator random, Duration claimTimeout, Duration lastActiveThrottle) {
    this.clock = clock;
    this.random = random;
    this.claimTimeout = claimTimeout;
    this.lastActiveThrottle = lastActiveThrottle;
    this.taskGroupId = Slugid.nice(random);
  }

  Instant now() {
    return clock.instant();
  }

  /** Adds a pending task to a pool, as a decision task would; returns its id. */
  public synchronized String createTask(String provisionerId, String workerType) {
    Instant now = now();
    String taskId = Slugid.nice(random);
    Task task = new Task(taskId, provisionerId, workerType, taskGroupId, now,
        "test-linux/opt-talos-" + (tasks.size() % 7 == 0 ? "tp5o" : "damp") + "-" + (tasks.size() % 12 + 1));
    task.runs.add(new Run(0, "scheduled", now));
    tasks.put(taskId, task);
    pending.computeIfAbsent(provisionerId + "/" + workerType, k -> new ArrayDeque<>()).add(task);
    taskQueues.put(provisionerId + "/" + workerType, now);
    return taskId;
  }

  public synchronized int pendingCount(String provisionerId, String workerType) {
    Deque<Task> q = pending.get(provisionerId + "/" + workerType);
    return q == null ? 0 : q.size();
  }

  /**
   * claimWork for one worker: records that the worker was seen and, unless it is quarantined, claims
   * the oldest pending task of its pool. Returns {taskId, runId} or null.
   */
  public synchronized String[] claimWork(String provisionerId, String workerType, String workerGroup, String workerId) {
    Instant now = now();
    Worker w = seen(provisionerId, workerType, workerGroup, workerId, now);
    if (w.quarantined(now)) {
      return null;
    }
    Deque<Task> q = pending.get(provisionerId + "/" + workerType);
    Task task = q == null ? null : q.poll();
    if (task == null) {
      return null;
    }
    Run run = task.lastRun();
    run.state = "running";
    run.workerGroup = workerGroup;
    run.workerId = workerId;
    run.started = now;
    run.takenUntil = now.plus(claimTimeout);
    w.recentTasks.add(new String[] {task.taskId, Integer.toString(run.runId)});
    while (w.recentTasks.size() > RECENT_TASKS) {
      w.recentTasks.removeFirst();
    }
    return new String[] {task.taskId, Integer.toString(run.runId)};
  }

  /** reclaimTask: the worker is alive and still running the task. */
  public synchronized void reclaim(String taskId, int runId) {
    Task t = tasks.get(taskId);
    if (t != null && runId < t.runs.size() && t.runs.get(runId).state.equals("running")) {
      Run run = t.runs.get(runId);
      run.takenUntil = now().plus(claimTimeout);
      Worker w = workers.get(key(t.provisionerId, t.workerType, run.workerGroup, run.workerId));
      if (w != null) {
        touch(w, now());
      }
    }
  }

  /** reportCompleted / reportFailed. */
  public synchronized void resolve(String taskId, int runId, boolean success) {
    Task t = tasks.get(taskId);
    if (t == null || runId >= t.runs.size() || !t.runs.get(runId).state.equals("running")) {
      return; // e.g. the claim expired meanwhile
    }
    Run run = t.runs.get(runId);
    run.state = success ? "completed" : "failed";
    run.reasonResolved = success ? "completed" : "failed";
    run.resolved = now();
    run.takenUntil = null;
  }

  private Instant lastPrune = Instant.EPOCH;

  /** Ends runs whose worker stopped reclaiming (claim-expired) and schedules their retry. */
  public synchronized void expireClaims() {
    Instant now = now();
    if (lastPrune.plus(Duration.ofMinutes(10)).isBefore(now)) {
      // A long-running fleet would otherwise keep every task forever; the real queue expires them
      // too (status then answers 404), just later (28 days).
      lastPrune = now;
      tasks.values().removeIf(t -> !t.runs.isEmpty() && t.lastRun().resolved != null
          && t.lastRun().resolved.plus(Duration.ofDays(1)).isBefore(now));
    }
    for (Task t : tasks.values()) {
      Run run = t.runs.isEmpty() ? null : t.lastRun();
      if (run != null && run.state.equals("running") && run.takenUntil.isBefore(now)) {
        run.state = "exception";
        run.reasonResolved = "claim-expired";
        run.resolved = now;
        if (t.retriesLeft > 0) {
          t.retriesLeft--;
          t.runs.add(new Run(t.runs.size(), "retry", now));
          pending.computeIfAbsent(t.provisionerId + "/" + t.workerType, k -> new ArrayDeque<>()).addFirst(t);
        }
      }
    }
  }

  /** quarantineWorker; null when the queue does not know the worker. */
  synchronized Worker quarantine(String p, String wt, String wg, String wid, String until, String info, String clientId) {
    Worker w = visible(p, wt, wg, wid);
    if (w == null) {
      return null;
    }
    Instant now = now();
    w.quarantineUntil = Instant.parse(until);
    if (w.expires.isBefore(now.plus(WORKER_EXPIRY))) {
      w.expires = now.plus(WORKER_EXPIRY);
    }
    w.quarantineDetails.add(new QuarantineDetail(clientId, now, until, info == null || info.isEmpty() ? "[unspecified]" : info));
    return w;
  }

  synchronized Worker visible(String p, String wt, String wg, String wid) {
    Worker w = workers.get(key(p, wt, wg, wid));
    Instant now = now();
    if (w == null || (w.expires.isBefore(now) && w.quarantineUntil.isBefore(now))) {
      return null;
    }
    return w;
  }

  synchronized Worker any(String p, String wt, String wg, String wid) {
    return workers.get(key(p, wt, wg, wid));
  }

  /** Workers of a pool sorted by group and id; {@code includeExpired} for worker-manager's view. */
  synchronized List<Worker> workers(String p, String wt, boolean includeExpired) {
    Instant now = now();
    return workers.values().stream()
        .filter(w -> w.provisionerId.equals(p) && w.workerType.equals(wt))
        .filter(w -> includeExpired || !w.expires.isBefore(now) || !w.quarantineUntil.isBefore(now))
        .sorted(Comparator.comparing((Worker w) -> w.workerGroup).thenComparing(w -> w.workerId))
        .toList();
  }

  synchronized List<String> taskQueueIds() {
    return List.copyOf(taskQueues.keySet());
  }

  synchronized Instant taskQueueLastActive(String taskQueueId) {
    return taskQueues.get(taskQueueId);
  }

  synchronized Optional<Task> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** Snapshot of a task's state for in-process callers: state of the latest run and its reason. */
  public synchronized Optional<TaskState> taskState(String taskId) {
    Task t = tasks.get(taskId);
    if (t == null) {
      return Optional.empty();
    }
    Run r = t.lastRun();
    return Optional.of(new TaskState(taskId, t.provisionerId + "/" + t.workerType, r.runId, r.state, r.reasonResolved,
        r.workerId));
  }

  /** A task's latest run, as tests see it. */
  public record TaskState(String taskId, String taskQueueId, int runId, String state, String reasonResolved,
      String workerId) {}

  /** A worker as tests see it (null fields when the queue has not seen the worker). */
  public record WorkerState(String workerPoolId, String workerId, boolean quarantined, Instant quarantineUntil,
      Instant lastDateActive, List<String> recentTaskIds, List<QuarantineDetail> quarantineDetails) {}

  public synchronized Optional<WorkerState> workerState(String p, String wt, String wg, String wid) {
    Worker w = workers.get(key(p, wt, wg, wid));
    if (w == null) {
      return Optional.empty();
    }
    return Optional.of(new WorkerState(p + "/" + wt, wid, w.quarantined(now()), w.quarantineUntil, w.lastDateActive,
        w.recentTasks.stream().map(r -> r[0]).toList(), List.copyOf(w.quarantineDetails)));
  }

  private Worker seen(String p, String wt, String wg, String wid, Instant now) {
    Worker w = workers.computeIfAbsent(key(p, wt, wg, wid), k -> new Worker(p, wt, wg, wid, now));
    touch(w, now);
    taskQueues.put(p + "/" + wt, now);
    return w;
  }

  /** The queue updates lastDateActive and expires at most every {@code lastActiveThrottle}. */
  private void touch(Worker w, Instant now) {
    if (w.lastDateActive == null || !w.lastDateActive.plus(lastActiveThrottle).isAfter(now)) {
      w.lastDateActive = now;
    }
    if (w.expires.isBefore(now.plus(WORKER_EXPIRY).minus(lastActiveThrottle))) {
      w.expires = now.plus(WORKER_EXPIRY);
    }
  }

  private static String key(String p, String wt, String wg, String wid) {
    return p + "/" + wt + "/" + wg + "/" + wid;
  }
}
