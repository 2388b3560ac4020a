package dev.fleetroll.cli.rollout;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.rollout.Exclusion;
import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.plan.StagePlanner;
import dev.fleetroll.ssh.SshFailure;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A plan checked against the live fleet, changing nothing: each target audited over SSH and its
 * worker read from Taskcluster, then sorted into targets, blocked hosts and exclusions (with the
 * reason), cut into stages, and the time it should take estimated from what the hosts report.
 *
 * @param blocked hosts that already carry an override: the start refuses until the plan excludes them
 * @param excluded hosts left out, with why (the plan's exclusions included)
 * @param perHost the estimated time of one host's pipeline
 * @param total the estimated time of the whole rollout, without the waits for assessment
 */
public record DryRun(List<HostTarget> targets, List<Exclusion> blocked, List<Exclusion> excluded, List<Stage> stages,
    Estimate perHost, Duration total) {

  /** A task's length when no target reports a finished task to measure (a fresh fleet, idle pools). */
  static final Duration ASSUMED_TASK = Duration.ofMinutes(30);

  /**
   * An unreachable host is asked again after 4, 8, 16 and 32 s (about a minute): enough for a connection
   * dropped by a host going down, not for a real Mac's reboot after its task, which takes minutes; such
   * a Mac is left out as unreachable.
   */
  static final FleetAudit.Settings PATIENT = new FleetAudit.Settings(64, Duration.ofSeconds(60), Duration.ofMinutes(10),
      4, Duration.ofSeconds(4));

  /**
   * What one host's pipeline should take, step by step.
   *
   * @param tasksSeen how many recent task runs of the targets the estimate rests on; with none, a task
   *     is assumed to take {@link #ASSUMED_TASK}
   */
  public record Estimate(Duration drain, Duration converge, Duration health, Duration overhead, int tasksSeen) {
    public Estimate(Duration drain, Duration converge, Duration health, Duration overhead) {
      this(drain, converge, health, overhead, -1);
    }

    public Duration total() {
      return drain.plus(converge).plus(health).plus(overhead);
    }
  }

  /** The running leases of other rollouts, by host: the rollout holding each. */
  public interface Leases {
    Map<String, String> heldByOthers(List<String> hosts);
  }

  public static DryRun run(PlanFile plan, HostClient hosts, Store store, WorkerReader workers, Leases leases) {
    List<String> names = plan.targets();
    FleetAudit audit = new FleetAudit(hosts, store, PATIENT);
    Map<String, HostObservation> byHost = new LinkedHashMap<>();
    audit.run(names, o -> { }).forEach(o -> byHost.put(o.host(), o));
    // A second look at hosts whose audit failed for a reason that can pass (see transientFailure).
    List<String> again = byHost.values().stream().filter(o -> !o.ok() && transientFailure(o.outcome()))
        .map(HostObservation::host).toList();
    if (!again.isEmpty()) {
      sleep(SECOND_LOOK_DELAY);
      audit.run(again, o -> { }).stream().filter(HostObservation::ok).forEach(o -> byHost.put(o.host(), o));
    }
    Map<String, WorkerSnapshot> snapshots = readWorkers(byHost, workers, store);
    Map<String, String> leased = leases.heldByOthers(names);

    List<HostTarget> targets = new ArrayList<>();
    List<Exclusion> blocked = new ArrayList<>();
    List<Exclusion> excluded = new ArrayList<>();
    for (String host : names) {
      HostObservation o = byHost.get(host);
      if (!o.ok()) {
        excluded.add(new Exclusion(host, why(o.outcome()) + ": " + o.error()));
        continue;
      }
      HostAudit a = o.audit();
      if (a.hasOverride()) {
        String branch = a.overrideContent() == null ? null
            : OverrideFile.parse(host, a.overrideContent().getBytes(StandardCharsets.UTF_8)).branch();
        blocked.add(new Exclusion(host, "already has an override" + (branch != null ? " (" + branch + ", " : " (")
            + a.override().sha256().substring(0, 12) + ")"));
        continue;
      }
      WorkerSnapshot w = snapshots.get(host);
      if (w == null || !w.ok()) {
        String why = w == null ? "not read" : switch (w.outcome()) {
          case "not_found" -> "unknown to Taskcluster (" + w.error() + ")";
          case "unmapped" -> "unknown to Taskcluster: " + w.error();
          default -> "Taskcluster error: " + w.error();
        };
        excluded.add(new Exclusion(host, why));
        continue;
      }
      if (w.quarantined()) {
        excluded.add(new Exclusion(host, "quarantined" + (w.quarantineReason() != null ? ": " + w.quarantineReason() : "")));
        continue;
      }
      if (leased.containsKey(host)) {
        excluded.add(new Exclusion(host, "in another running rollout (" + leased.get(host) + ")"));
        continue;
      }
      if (a.os() == null) {
        excluded.add(new Exclusion(host, "unsupported OS " + a.osType()));
        continue;
      }
      targets.add(new HostTarget(host, a.os() == HostOs.MACOS ? HostPlatform.MACOS : HostPlatform.LINUX, a.role()));
    }
    for (String host : plan.excluded()) {
      excluded.add(new Exclusion(host, "excluded by the plan"));
    }
    RolloutPolicy policy = plan.plan().policy();
    List<Stage> stages = StagePlanner.plan(targets, policy.stages());
    Estimate estimate = estimate(policy, targets, byHost, snapshots);
    Duration total = Duration.ZERO;
    for (Stage stage : stages) {
      int waves = (stage.hosts().size() + policy.maxInFlight() - 1) / policy.maxInFlight();
      total = total.plus(estimate.total().multipliedBy(waves));
    }
    return new DryRun(List.copyOf(targets), List.copyOf(blocked), List.copyOf(excluded), stages, estimate, total);
  }

  static final Duration SECOND_LOOK_DELAY = Duration.ofSeconds(5);

  /**
   * Failures worth a second look: the audit ran and failed (a host going down for a reboot mid-command
   * can fail it so). Not refusals (sudo, keys, read-only disk), which are final, nor unreachable hosts
   * and timeouts, which already had their minute.
   */
  static boolean transientFailure(String outcome) {
    return SshFailure.COMMAND_FAILED.code().equals(outcome);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why a host that could not be audited is left out, in the words an operator would use. */
  static String why(String outcome) {
    for (SshFailure f : SshFailure.values()) {
      if (f.code().equals(outcome)) {
        return switch (f) {
          case UNREACHABLE -> "unreachable";
          case NO_SUDO -> "no sudo";
          case HOST_KEY -> "host key refused";
          case SSH_CONFIG -> "SSH config refused";
          case AUTH_FAILED -> "SSH key refused";
          case READ_ONLY_FILESYSTEM -> "read-only file system";
          case TIMEOUT -> "audit timed out";
          case COMMAND_FAILED -> "audit failed";
        };
      }
    }
    return "audit failed (" + outcome + ")";
  }

  private static Map<String, WorkerSnapshot> readWorkers(Map<String, HostObservation> audits, WorkerReader workers,
      Store store) {
    Map<String, Future<WorkerSnapshot>> futures = new LinkedHashMap<>();
    Semaphore slots = new Semaphore(16);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (HostObservation o : audits.values()) {
        if (!o.ok() || o.audit().hasOverride()) {
          continue;
        }
        futures.put(o.host(), pool.submit(() -> {
          slots.acquire();
          try {
            WorkerSnapshot s = workers.read(o.host(), o.audit().role(), null);
            store.recordWorker(s);
            return s;
          } finally {
            slots.release();
          }
        }));
      }
      Map<String, WorkerSnapshot> out = new LinkedHashMap<>();
      for (Map.Entry<String, Future<WorkerSnapshot>> f : futures.entrySet()) {
        out.put(f.getKey(), f.getValue().get());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("reading workers from Taskcluster failed: " + e.getMessage(), e);
    }
  }

  /**
   * From what the fleet reports: half the mean recent task for the drain, the mean of the last Puppet
   * runs (plus a reboot) for converge, the configured number of tasks for health, one poll per wait.
   */
  static Estimate estimate(RolloutPolicy policy, List<HostTarget> targets, Map<String, HostObservation> audits,
      Map<String, WorkerSnapshot> workers) {
    List<Duration> tasks = new ArrayList<>();
    List<Duration> puppets = new ArrayList<>();
    for (HostTarget t : targets) {
      WorkerSnapshot w = workers.get(t.host());
      if (w != null) {
        for (TaskRun run : w.recentRuns()) {
          if (run.started() != null && run.resolved() != null) {
            tasks.add(Duration.between(run.started(), run.resolved()));
          }
        }
      }
      Double seconds = audits.get(t.host()).audit().puppet().durationSeconds();
      if (seconds != null) {
        puppets.add(Duration.ofMillis((long) (seconds * 1000)));
      }
    }
    Duration task = mean(tasks, ASSUMED_TASK);
    Duration puppet = mean(puppets, Duration.ofMinutes(5));
    Duration poll = policy.timeouts().poll();
    boolean reboots = policy.converge().linux() == ConvergeStrategy.REBOOT || policy.converge().macos() == ConvergeStrategy.REBOOT;
    Duration converge = puppet.plus(reboots ? Duration.ofMinutes(1) : Duration.ZERO).plus(poll);
    Duration health = policy.health().tasks() == 0 ? Duration.ZERO
        : task.multipliedBy(policy.health().tasks()).plus(poll);
    return new Estimate(task.dividedBy(2).plus(poll), converge, health, Duration.ofSeconds(10), tasks.size());
  }

  private static Duration mean(List<Duration> values, Duration fallback) {
    return values.isEmpty() ? fallback : values.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(values.size());
  }
}
