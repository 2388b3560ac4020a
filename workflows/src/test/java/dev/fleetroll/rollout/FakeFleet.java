package dev.fleetroll.rollout;

import dev.fleetroll.rollout.capacity.CapacityActivities;
import dev.fleetroll.rollout.capacity.PoolLook;
import dev.fleetroll.rollout.host.Drained;
import dev.fleetroll.rollout.host.HealthReport;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostFacts;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.OverrideRemoved;
import dev.fleetroll.rollout.host.OverrideWritten;
import dev.fleetroll.rollout.host.PuppetReport;
import dev.fleetroll.rollout.host.PuppetRunResult;
import dev.fleetroll.rollout.host.QuarantineReason;
import dev.fleetroll.rollout.host.Quarantined;
import dev.fleetroll.rollout.host.Rebooted;
import dev.fleetroll.rollout.host.Released;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.host.WorkerActivities;
import dev.fleetroll.rollout.host.WorkerFacts;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Hosts and workers for time-skipping tests: each host behaves as configured (a task that drains at a
 * given time, a Puppet that fails, a worker that fails its tasks...) and counts what was done to it.
 * Time is the test environment's, so hours of draining pass in milliseconds. A pool's workers are the
 * hosts of its role.
 */
final class FakeFleet implements HostActivities, WorkerActivities, CapacityActivities {

  static final class Host {
    final String name;
    HostPlatform platform = HostPlatform.LINUX;
    String role = "gecko_t_linux_2404_talos";
    // configuration
    boolean noSudo;
    String otherOverride;
    String quarantinedBy;
    Duration drainFor = Duration.ZERO;
    boolean puppetFails;
    Duration puppetAfterReboot = Duration.ofMinutes(2);
    boolean tasksFail;
    boolean puppetFailsWithoutOverride;
    Duration tasksAfterRelease = Duration.ofMinutes(3);
    /** The write puts the override on the host, then fails (the re-audit finds the host gone). */
    boolean writeFailsAfterWriting;
    /** Taskcluster answers 503 to this worker's release until then. */
    Instant releaseFailsUntil;
    /** The quarantine call has quarantined the worker but does not return until this opens. */
    java.util.concurrent.CountDownLatch quarantineReturns;
    // the world, as it changes
    boolean quarantined;
    String quarantineReason;
    String override;
    Instant quarantinedAt;
    Instant rebootedAt;
    Instant releasedAt;
    int quarantines;
    int writes;
    int reboots;
    int releases;
    int removals;
    /** The override Puppet's last successful run applied (null: none, or no run yet). */
    String puppetOverride;
    boolean puppetRan;
    Instant removedAt;

    Host(String name) {
      this.name = name;
    }
  }

  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final List<String> log = new ArrayList<>();
  private volatile LongSupplier clock = System::currentTimeMillis;
  private int quarantinedNow;
  private int mostQuarantinedAtOnce;

  void reset(LongSupplier clock) {
    this.clock = clock;
    hosts.clear();
    synchronized (log) {
      log.clear();
    }
    quarantinedNow = 0;
    mostQuarantinedAtOnce = 0;
    pendingTasks.clear();
  }

  // ---- pools ------------------------------------------------------------------------------------

  private final Map<String, Integer> pendingTasks = new ConcurrentHashMap<>();

  /** The pending count of the pool of {@code role}. */
  void pendingTasks(String role, int count) {
    pendingTasks.put(role, count);
  }

  @Override
  public PoolLook lookAtPool(String role) {
    List<Host> pool = hosts.values().stream().filter(h -> h.role.equals(role))
        .sorted(java.util.Comparator.comparing(h -> h.name)).toList();
    return new PoolLook("releng-hardware/" + role.replace('_', '-'), pool.stream().map(h -> h.name).toList(),
        pool.stream().filter(h -> h.quarantined || h.quarantinedBy != null).map(h -> h.name).toList(),
        pendingTasks.getOrDefault(role, 0));
  }

  Host host(String name) {
    return hosts.computeIfAbsent(name, Host::new);
  }

  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The hosts in the order a step first reached them. */
  List<String> order(String step) {
    return log().stream().filter(e -> e.endsWith(" " + step)).map(e -> e.substring(0, e.indexOf(' '))).distinct().toList();
  }

  synchronized int mostQuarantinedAtOnce() {
    return mostQuarantinedAtOnce;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.getAsLong());
  }

  private void record(HostJob job, String step) {
    synchronized (log) {
      log.add(job.host() + " " + step);
    }
  }

  private static ApplicationFailure waiting(String what) {
    return ApplicationFailure.newBuilder().setType(StepFailures.WAITING).setMessage(what)
        .setCategory(ApplicationErrorCategory.BENIGN).build();
  }

  // ---- host -------------------------------------------------------------------------------------

  @Override
  public HostFacts inspectHost(HostJob job) {
    Host h = host(job.host());
    record(job, "inspect");
    if (h.noSudo) {
      throw ApplicationFailure.newNonRetryableFailure("sudo -n refused: a password is required", StepFailures.NO_SUDO);
    }
    String override = h.otherOverride != null ? h.otherOverride : h.override;
    return new HostFacts(h.name, h.platform, h.role, now().minus(Duration.ofDays(3)), override, null,
        h.puppetRan ? now() : null, h.puppetRan ? true : null, h.puppetOverride);
  }

  @Override
  public OverrideWritten writeOverride(HostJob job, String content) {
    Host h = host(job.host());
    record(job, "write");
    boolean changed = !job.overrideSha().equals(h.override);
    if (changed) {
      h.override = job.overrideSha();
      h.writes++;
    }
    if (h.writeFailsAfterWriting) {
      throw ApplicationFailure.newFailure(job.host() + " is unreachable (rebooting?) after the write", StepFailures.UNREACHABLE);
    }
    return new OverrideWritten(changed, now(), now().minus(Duration.ofDays(3)), null);
  }

  @Override
  public Rebooted reboot(HostJob job, Instant bootedBefore) {
    Host h = host(job.host());
    record(job, "reboot");
    h.reboots++;
    h.rebootedAt = now();
    return new Rebooted(true, null);
  }

  @Override
  public PuppetRunResult runPuppet(HostJob job, Instant writtenAt, Duration timeout) {
    Host h = host(job.host());
    record(job, "run-puppet");
    h.rebootedAt = now();
    return new PuppetRunResult(false, h.puppetFails ? 6 : 2, !h.puppetFails, Duration.ofSeconds(30));
  }

  @Override
  public PuppetReport awaitPuppet(HostJob job, Instant writtenAt) {
    Host h = host(job.host());
    if (h.rebootedAt == null || now().isBefore(h.rebootedAt.plus(h.puppetAfterReboot))) {
      throw waiting("no Puppet run since the override was written");
    }
    record(job, "puppet");
    if (h.puppetFails) {
      throw ApplicationFailure.newNonRetryableFailure("Puppet failed (exit 6) applying the override",
          StepFailures.PUPPET_FAILED);
    }
    h.puppetOverride = job.overrideSha();
    h.puppetRan = true;
    return new PuppetReport(now(), true, 2, "https://github.com/me/ronin_puppet.git", "topic", "abcdef0123", job.overrideSha());
  }

  // ---- host: the revert ------------------------------------------------------------------------

  @Override
  public OverrideRemoved removeOverride(HostJob job) {
    Host h = host(job.host());
    record(job, "remove");
    if (h.otherOverride != null) {
      throw ApplicationFailure.newNonRetryableFailure("the host has another override; nothing was removed",
          StepFailures.OVERRIDE_CONFLICT);
    }
    boolean removed = h.override != null;
    if (removed) {
      h.override = null;
      h.removals++;
    }
    h.removedAt = now();
    return new OverrideRemoved(removed, now(), now().minus(Duration.ofDays(3)), removed ? "/etc/puppet/ronin_settings.bak.x" : null);
  }

  @Override
  public PuppetRunResult runPuppetOnce(HostJob job, String overrideSha, Instant since, Duration timeout) {
    Host h = host(job.host());
    record(job, "run-puppet");
    h.rebootedAt = now();
    boolean fails = overrideSha == null ? h.puppetFailsWithoutOverride : h.puppetFails;
    return new PuppetRunResult(false, fails ? 6 : 2, !fails, Duration.ofSeconds(30));
  }

  @Override
  public PuppetReport awaitPuppetRun(HostJob job, String overrideSha, Instant since) {
    if (overrideSha != null) {
      return awaitPuppet(job, since);
    }
    Host h = host(job.host());
    if (h.rebootedAt == null || h.rebootedAt.isBefore(since) || now().isBefore(h.rebootedAt.plus(h.puppetAfterReboot))) {
      throw waiting("no Puppet run since the override was removed");
    }
    record(job, "puppet-without");
    if (h.puppetFailsWithoutOverride) {
      throw ApplicationFailure.newNonRetryableFailure("Puppet failed (exit 6) applying master with no override",
          StepFailures.PUPPET_FAILED);
    }
    h.puppetOverride = null;
    h.puppetRan = true;
    return new PuppetReport(now(), true, 2, "https://github.com/mozilla-platform-ops/ronin_puppet.git", "master",
        "0123456789ab", null);
  }

  // ---- worker -----------------------------------------------------------------------------------

  @Override
  public WorkerFacts inspectWorker(HostJob job, String role, String workerTypeOverride) {
    Host h = host(job.host());
    String reason = h.quarantinedBy != null ? h.quarantinedBy : h.quarantineReason;
    return new WorkerFacts(new WorkerRef("releng-hardware", "gecko-t-linux-talos-2404", "mdc1", h.name), null,
        h.quarantined || h.quarantinedBy != null, reason);
  }

  @Override
  public Quarantined quarantine(HostJob job, WorkerRef worker, String why) {
    Host h = host(job.host());
    record(job, "quarantine");
    boolean already = h.quarantined;
    h.quarantines++;
    h.quarantineReason = QuarantineReason.of(job, why);
    if (!already) {
      h.quarantined = true;
      h.quarantinedAt = now();
      synchronized (this) {
        mostQuarantinedAtOnce = Math.max(mostQuarantinedAtOnce, ++quarantinedNow);
      }
    }
    if (h.quarantineReturns != null) {
      try {
        h.quarantineReturns.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Quarantined(now(), already);
  }

  @Override
  public Drained awaitDrain(HostJob job, WorkerRef worker) {
    Host h = host(job.host());
    if (now().isBefore(h.quarantinedAt.plus(h.drainFor))) {
      throw waiting("task T1 still running on " + h.name);
    }
    record(job, "drained");
    return new Drained(h.drainFor.isZero() ? null : "T1/0", List.of("T0/0", "T1/0"));
  }

  @Override
  public Released release(HostJob job, WorkerRef worker) {
    Host h = host(job.host());
    if (h.releaseFailsUntil != null && now().isBefore(h.releaseFailsUntil)) {
      record(job, "release-503");
      throw ApplicationFailure.newFailure("Taskcluster: PUT worker: HTTP 503", StepFailures.TASKCLUSTER_UNAVAILABLE);
    }
    record(job, "release");
    if (!h.quarantined) {
      return new Released(now(), false, "not quarantined");
    }
    h.quarantined = false;
    h.releases++;
    h.releasedAt = now();
    synchronized (this) {
      quarantinedNow--;
    }
    return new Released(now(), true, null);
  }

  @Override
  public HealthReport verifyHealth(HostJob job, WorkerRef worker, List<String> baseline, HealthPolicy health) {
    Host h = host(job.host());
    if (h.tasksFail) {
      throw ApplicationFailure.newNonRetryableFailure("2 of 2 tasks failed since the release", StepFailures.TASKS_FAILING);
    }
    if (now().isBefore(h.releasedAt.plus(h.tasksAfterRelease))) {
      throw waiting("0 of " + health.tasks() + " tasks completed");
    }
    record(job, "healthy");
    return new HealthReport(List.of("T2/0"), List.of());
  }
}
