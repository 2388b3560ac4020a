package dev.fleetroll.sim.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.github.GitHub;
import dev.fleetroll.sim.host.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The generic-worker of one host, simulated in the simulator's JVM (200 of them cost nothing) while
 * watching the real host through its state directory. It starts as the real one does: on Linux once
 * {@code /tmp/puppet_run_done} exists after a boot (run-start-worker.sh), on a Mac when the worker
 * cycle reaches start-worker (even after a failed Puppet run). It calls claimWork while idle and
 * reclaims while a task runs; a quarantined worker gets nothing new but finishes what it has. Task
 * outcome follows the host's health: its own failure rate and that of the Puppet branch it applied
 * last. A Mac's worker exits after each task and the host reboots; a worker dies with its host, and
 * its task's claim then expires in the queue.
 */
public final class GenericWorker implements Host.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Host host;
  private final Queue queue;
  private final GitHub github;
  private final RandomGenerator random;
  private final Duration taskMin;
  private final Duration taskMax;
  private boolean hostUp;
  private boolean mayStart;
  private boolean running;
  private String workerType;
  private String[] task; // {taskId, runId}
  private Instant taskEnds;
  private boolean taskFails;

  public GenericWorker(Host host, Queue queue, GitHub github, RandomGenerator random, Duration taskMin, Duration taskMax) {
    this.host = host;
    this.queue = queue;
    this.github = github;
    this.random = random;
    this.taskMin = taskMin;
    this.taskMax = taskMax;
    host.setListener(this);
  }

  @Override
  public synchronized void booted(Host h, int bootId) {
    hostUp = true;
    running = false;
    task = null;
    mayStart = !h.faults().workerNeverReturns();
  }

  @Override
  public synchronized void down(Host h) {
    hostUp = false;
    running = false;
    task = null; // no more reclaims: the claim expires in the queue
  }

  /** One step of the worker's life; called about once a second. */
  public void tick() {
    boolean rebootNow = false;
    synchronized (this) {
      if (!hostUp) {
        return;
      }
      if (!running) {
        if (mayStart && readyToStart()) {
          running = true;
          workerType = configuredWorkerType();
        } else {
          return;
        }
      }
      String p = host.info().provisionerId();
      if (task != null) {
        if (!queue.now().isBefore(taskEnds)) {
          queue.resolve(task[0], Integer.parseInt(task[1]), !taskFails);
          task = null;
          if (host.info().os() == Os.MAC) {
            running = false; // the Mac's worker exits after its task; launchd's cycle reboots the host
            mayStart = false;
            rebootNow = true;
          }
        } else {
          queue.reclaim(task[0], Integer.parseInt(task[1]));
        }
      } else {
        String[] claimed = queue.claimWork(p, workerType, host.info().workerGroup(), host.info().workerId());
        if (claimed != null) {
          task = claimed;
          long span = taskMax.toMillis() - taskMin.toMillis();
          taskEnds = queue.now().plusMillis(taskMin.toMillis() + (span > 0 ? random.nextLong(span + 1) : 0));
          taskFails = random.nextDouble() < failureRate();
        }
      }
    }
    if (rebootNow) {
      host.reboot();
    }
  }

  public synchronized boolean running() {
    return running;
  }

  /** The pool the worker claims from (its role's, or WORKER_TYPE_OVERRIDE's after Puppet applied one). */
  public synchronized String workerType() {
    return workerType != null ? workerType : configuredWorkerType();
  }

  public synchronized String currentTaskId() {
    return task == null ? null : task[0];
  }

  private boolean readyToStart() {
    if (host.info().os() == Os.LINUX) {
      return Files.exists(host.paths().tmp().resolve("puppet_run_done"));
    }
    return Files.exists(host.paths().ctl().resolve("worker-go"));
  }

  private String configuredWorkerType() {
    try {
      Path config = host.paths().onDisk("/etc/generic-worker.config");
      JsonNode node = JSON.readTree(Files.readString(config));
      String wt = node.path("workerType").asText("");
      return wt.isEmpty() ? host.info().workerType() : wt;
    } catch (Exception e) {
      return host.info().workerType();
    }
  }

  private double failureRate() {
    double rate = host.faults().taskFailureRate();
    String metadata = host.readFile(host.info().os().metadataPath());
    if (metadata != null) {
      try {
        JsonNode m = JSON.readTree(metadata);
        rate = Math.max(rate, github.taskFailureRate(m.path("git_repo").asText(null), m.path("git_branch").asText(null)));
      } catch (Exception ignored) {
        // unreadable metadata: the host's own rate stands
      }
    }
    return rate;
  }
}
