package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.WorkerEvidence;
import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterException;
import dev.fleetroll.taskcluster.Worker;
import dev.fleetroll.taskcluster.WorkerAddress;
import dev.fleetroll.taskcluster.WorkerReader;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reads the health gates' evidence: for every host its worker (getWorker), the outcome of the runs in
 * its recentTasks that resolved in the window, its lastDateActive; for rolled-out hosts also whether
 * SSH still logs in. Read only. Taskcluster trouble does not fail the activity: it ends up in
 * {@link GateEvidence#taskclusterError()} and the gates say NO_DATA, which a retry would not improve on
 * faster than the next evaluation.
 */
public final class GateActivitiesImpl implements GateActivities {

  /**
   * Hosts read at once: a host's read is a few Taskcluster round trips and an SSH login, over a network mostly
   * waiting, and the whole stage waits for the last read. (On the 2-core bench the simulated fleet makes it
   * CPU-bound instead: ~15 hosts a second with 8 or 24 at once.) Taskcluster is shared with all of CI and each SSH
   * check holds a connection: a few dozen at once is little for either.
   */
  static final int CONCURRENCY = 24;
  /** A login plus {@code true}: longer means the host is not usable, whatever the reason. */
  static final Duration SSH_CHECK_TIMEOUT = Duration.ofSeconds(15);
  /**
   * Macs reboot after every task (and hosts reboot to converge), so a host that does not answer is asked
   * again until this much time has passed, as the dry run does, before it counts as not sshable.
   */
  public static final Duration REBOOT_GRACE = Duration.ofMinutes(3);
  /**
   * A host that does not answer is asked again this often within the grace: a refused connection costs nothing,
   * and at the end of a rollout every host waits for the last Mac caught mid-reboot (5 s added 4 s to a close).
   */
  static final Duration SSH_RETRY_EVERY = Duration.ofSeconds(2);
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
  /**
   * A worker runs one task at a time, so an older run resolved before the next was claimed, or at most a
   * claim timeout (20 min) later when the worker died under it. A run resolved this long before the window
   * means every older one is out of it too, and we stop asking for statuses.
   */
  static final Duration RESOLVE_SLACK = Duration.ofMinutes(30);
  /** Runs ended by people or the decision task, not by how the host ran them. */
  static final Set<String> NOT_AN_OUTCOME = Set.of("canceled", "superseded");

  private final Supplier<TaskclusterClient> client;
  private final Supplier<WorkerReader> reader;
  private final Store store;
  private final SshSessions ssh;
  private final Clock clock;
  private final Duration rebootGrace;

  /**
   * @param ssh its own sessions: the check closes each host's connection, which must not cut a host step
   *     of another activity short
   * @param rebootGrace how long a host that does not answer SSH is asked again ({@link #REBOOT_GRACE})
   */
  public GateActivitiesImpl(Supplier<TaskclusterClient> client, Supplier<WorkerReader> reader, Store store,
      SshSessions ssh, Duration rebootGrace) {
    this.client = client;
    this.reader = reader;
    this.store = store;
    this.ssh = ssh;
    this.clock = Clock.systemUTC();
    this.rebootGrace = rebootGrace;
  }

  @Override
  public GateEvidence collectEvidence(EvidenceRequest request) {
    Instant windowStart = request.windowStart() != null ? request.windowStart() : Instant.EPOCH;
    Reading c = new Reading(windowStart);
    String movedTo;
    try {
      movedTo = WorkerLocator.movedTo(store, request.overrideSha());
    } catch (RuntimeException e) {
      movedTo = null; // an unreadable store only costs the pool move: the pre-flight pool is still right
    }
    List<EvidenceHost> rolledOut = request.rolledOut() != null ? request.rolledOut() : List.of();
    List<EvidenceHost> baseline = request.baseline() != null ? request.baseline() : List.of();
    int total = rolledOut.size() + baseline.size();
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicInteger done = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<WorkerEvidence>> rolled = new ArrayList<>();
      List<CompletableFuture<WorkerEvidence>> base = new ArrayList<>();
      for (EvidenceHost h : rolledOut) {
        String to = movedTo;
        rolled.add(CompletableFuture.supplyAsync(() -> bounded(slots, done, () -> c.read(h, true, to)), pool));
      }
      for (EvidenceHost h : baseline) {
        base.add(CompletableFuture.supplyAsync(() -> bounded(slots, done, () -> c.read(h, false, null)), pool));
      }
      List<CompletableFuture<WorkerEvidence>> all = new ArrayList<>(rolled);
      all.addAll(base);
      awaitWithHeartbeats(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), done, total, pool);
      return new GateEvidence(windowStart, clock.instant(), rolled.stream().map(CompletableFuture::join).toList(),
          base.stream().map(CompletableFuture::join).toList(), 0, 0, c.taskclusterError.get());
    }
  }

  private static WorkerEvidence bounded(Semaphore slots, AtomicInteger done, Supplier<WorkerEvidence> read) {
    slots.acquireUninterruptibly();
    try {
      return read.get();
    } finally {
      slots.release();
      done.incrementAndGet();
    }
  }

  /** Heartbeats with the progress, so a long read of a big stage is not mistaken for a dead worker. */
  private static void awaitWithHeartbeats(CompletableFuture<Void> all, AtomicInteger done, int total,
      ExecutorService pool) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    while (true) {
      try {
        all.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        try {
          context.heartbeat(done.get() + " of " + total + " hosts read");
        } catch (RuntimeException cancelled) {
          pool.shutdownNow();
          throw cancelled;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
        throw Activity.wrap(e);
      } catch (ExecutionException e) {
        throw Activity.wrap(e.getCause());
      }
    }
  }

  /** One collection: the window, and the first Taskcluster error, after which Taskcluster is left alone. */
  private final class Reading {
    final Instant windowStart;
    final AtomicReference<String> taskclusterError = new AtomicReference<>();

    Reading(Instant windowStart) {
      this.windowStart = windowStart;
    }

    WorkerEvidence read(EvidenceHost h, boolean rolledOut, String movedTo) {
      Worker worker = null;
      String poolId = null;
      int[] outcomes = new int[3];
      if (taskclusterError.get() == null) {
        try {
          WorkerAddress address = h.worker() != null ? WorkerLocator.address(h.worker())
              : reader.get().address(h.host(), h.role(), null);
          if (address != null) {
            address = rolledOut ? WorkerLocator.moved(address, movedTo) : address;
            poolId = address.poolId();
            worker = workerOrNull(address);
            if (worker != null) {
              outcomes = outcomes(worker);
            }
          }
        } catch (TaskclusterException e) {
          worker = null;
          taskclusterError.compareAndSet(null, e.getMessage());
        } catch (ApplicationFailure e) {
          worker = null; // the worker has no Taskcluster settings: the supplier says so
          taskclusterError.compareAndSet(null, e.getOriginalMessage());
        }
      }
      Boolean sshable = rolledOut ? sshable(h.host()) : null;
      return new WorkerEvidence(h.host(), poolId, worker != null, worker != null ? worker.lastDateActive() : null,
          outcomes[0], outcomes[1], outcomes[2], sshable);
    }

    private Worker workerOrNull(WorkerAddress address) {
      try {
        return client.get().worker(address);
      } catch (TaskclusterException e) {
        if (e.notFound()) {
          return null; // the queue forgets a worker a day after its last claim
        }
        throw e;
      }
    }

    /** Completed, failed, exception among the worker's recent runs that resolved in the window. */
    private int[] outcomes(Worker worker) {
      int[] counts = new int[3];
      List<Worker.TaskRef> recent = worker.recentTasks();
      Instant oldEnough = windowStart.minus(RESOLVE_SLACK);
      for (int i = recent.size() - 1; i >= 0; i--) { // newest last
        Worker.TaskRef ref = recent.get(i);
        TaskRun run;
        try {
          run = client.get().taskRun(ref.taskId(), ref.runId());
        } catch (TaskclusterException e) {
          if (e.notFound()) {
            break; // expired: long resolved, and every older one with it
          }
          throw e;
        }
        if (run.resolved() == null) {
          continue; // still running
        }
        if (run.resolved().isBefore(oldEnough)) {
          break;
        }
        if (run.resolved().isBefore(windowStart) || NOT_AN_OUTCOME.contains(run.reasonResolved())) {
          continue;
        }
        switch (String.valueOf(run.state())) {
          case "completed" -> counts[0]++;
          case "failed" -> counts[1]++;
          case "exception" -> counts[2]++;
          default -> { }
        }
      }
      return counts;
    }
  }

  /** Whether the host still takes an SSH login and runs a command (within the reboot grace): what every later step needs. */
  private boolean sshable(String host) {
    Instant giveUp = clock.instant().plus(rebootGrace);
    while (true) {
      try {
        if (ssh.run(host, "true", null, SSH_CHECK_TIMEOUT).exitStatus() == 0) {
          return true;
        }
      } catch (HostException e) {
        // down, perhaps rebooting: ask again below
      } finally {
        ssh.disconnect(host);
      }
      if (clock.instant().isAfter(giveUp)) {
        return false;
      }
      try {
        Thread.sleep(SSH_RETRY_EVERY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
