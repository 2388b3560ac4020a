package dev.fleetroll.sim;

import dev.fleetroll.sim.taskcluster.GenericWorker;
import dev.fleetroll.sim.taskcluster.Queue;
import dev.fleetroll.sim.taskcluster.TaskclusterServer;
import dev.fleetroll.sim.taskcluster.TcClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's Taskcluster stand-in as tests see it: where it is, who may call it, what its queue
 * knows about each host's worker, and its faults.
 */
public final class Taskcluster {
  /** Client with an operator's scopes (quarantine {@code releng-hardware/gecko-*}); written to taskcluster.env. */
  public static final String OPERATOR = "relops/fleetroll-sim";
  /** The static client hardware workers use to quarantine themselves. */
  public static final String QUARANTINE_WORKER = "project/releng/quarantine-worker";
  /** A valid client without any scope beyond anonymous reads (for 403 tests). */
  public static final String NO_SCOPES = "relops/no-scopes";

  private final TaskclusterServer server;
  private final Queue queue;
  private final Map<String, TcClient> clients;
  private final Map<String, GenericWorker> workers;
  private final Fleet fleet;

  Taskcluster(Fleet fleet, TaskclusterServer server, Queue queue, Map<String, TcClient> clients,
      Map<String, GenericWorker> workers) {
    this.fleet = fleet;
    this.server = server;
    this.queue = queue;
    this.clients = clients;
    this.workers = workers;
  }

  /** TASKCLUSTER_ROOT_URL, e.g. {@code http://127.0.0.1:40123}. */
  public String rootUrl() {
    return server.rootUrl();
  }

  /** The operator client written to taskcluster.env. */
  public TcClient operator() {
    return clients.get(OPERATOR);
  }

  public TcClient client(String clientId) {
    TcClient c = clients.get(clientId);
    if (c == null) {
      throw new IllegalArgumentException("no Taskcluster client " + clientId + "; known: " + clients.keySet());
    }
    return c;
  }

  /** The queue's record of a host's worker in the pool it currently claims from (empty before its first claim). */
  public Optional<Queue.WorkerState> worker(String host) {
    SimHost h = fleet.host(host);
    return queue.workerState(h.provisionerId(), workerType(host), h.workerGroup(), h.workerId());
  }

  /** The pool (workerType) the host's worker claims from now. */
  public String workerType(String host) {
    return workers.get(fleet.host(host).name()).workerType();
  }

  /** Whether the host's generic-worker process is running. */
  public boolean workerRunning(String host) {
    return workers.get(fleet.host(host).name()).running();
  }

  /** The task the host's worker is running now, or null. */
  public String currentTask(String host) {
    return workers.get(fleet.host(host).name()).currentTaskId();
  }

  public boolean quarantined(String host) {
    return worker(host).map(Queue.WorkerState::quarantined).orElse(false);
  }

  public Optional<Queue.TaskState> task(String taskId) {
    return queue.taskState(taskId);
  }

  /** The states of the host's recent tasks, oldest first (as recentTasks). */
  public List<Queue.TaskState> recentTasks(String host) {
    return worker(host).map(w -> w.recentTaskIds().stream().map(id -> queue.taskState(id).orElseThrow()).toList())
        .orElse(List.of());
  }

  public int pending(String provisionerId, String workerType) {
    return queue.pendingCount(provisionerId, workerType);
  }

  /** Adds pending tasks to a pool now (besides the task source's steady supply). */
  public void addTasks(String provisionerId, String workerType, int count) {
    for (int i = 0; i < count; i++) {
      queue.createTask(provisionerId, workerType);
    }
  }

  /** Answers this share of API requests with {@code status} (500, 502, 503, 504 or 429); 0 to stop. */
  public void setErrors(double rate, int status) {
    server.setErrors(rate, status);
  }

  /** Adds this much latency to every API request. */
  public void setLatency(Duration latency) {
    server.setLatency(latency);
  }

  public Queue queue() {
    return queue;
  }

  Instant now() {
    return Instant.now();
  }

  TaskclusterServer server() {
    return server;
  }
}
