package dev.fleetroll.cli.rollout;

import dev.fleetroll.Durations;
import dev.fleetroll.Sha;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.HostKeyAudit;
import dev.fleetroll.store.HumanHash;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A plan file loaded and checked against the live fleet (what {@code plan} prints and {@code start}
 * starts from). Taskcluster comes from TASKCLUSTER_*; leases from Temporal when it is reachable.
 *
 * @param overrideName the override's branch and two-word name, as people call it
 * @param leasesChecked false when Temporal could not be asked about other rollouts
 * @param credentialsExpire when the temporary Taskcluster credentials (TASKCLUSTER_CERTIFICATE) expire; null
 *     for permanent ones
 */
record PlanCheck(PlanFile plan, DryRun dryRun, String sha, String overrideName, boolean leasesChecked,
    Instant credentialsExpire) {

  /**
   * With SSH from the command's options and Taskcluster from TASKCLUSTER_*. Host keys accepted on
   * the way (--accept-new-host-keys) go to the audit log as {@code by} (the command).
   */
  static PlanCheck run(Path file, SshOptionsMixin sshOptions, Store store, RolloutClient rollouts, boolean endStaleLeases,
      String by) {
    try (SshSessions ssh = sshOptions.open(Duration.ofSeconds(60), new HostKeyAudit(store.auditLog(), Actor.current(), by))) {
      return run(file, ssh, TaskclusterCredentials.fromEnvironment(System.getenv()), store, rollouts, endStaleLeases);
    }
  }

  static PlanCheck run(Path file, SshSessions ssh, TaskclusterCredentials credentials, Store store, RolloutClient rollouts,
      boolean endStaleLeases) {
    PlanFile plan = PlanFile.load(file);
    ssh.checkConfig(plan.targets()); // a refused SSH option is bad input, before any host is asked
    Instant credentialsExpire = credentials.certificateExpiry().orElse(null);
    String sha = Sha.sha256(plan.override().bytes());
    String branch = plan.override().override().branch();
    String name = (branch != null ? branch + " " : "") + HumanHash.of(sha);
    FleetrollHome home = FleetrollHome.fromEnvironment();
    WorkerReader workers = new WorkerReader(new TaskclusterClient(credentials), WorkerPools.of(home), 5);
    DryRun.Leases leases = rollouts == null ? hosts -> Map.of() : hosts -> rollouts.leases(hosts, endStaleLeases);
    DryRun dry = DryRun.run(plan, new HostClient(ssh), store, workers, leases);
    return new PlanCheck(plan, dry, sha, name, rollouts != null, credentialsExpire);
  }

  /**
   * Why the rollout may outlive its credentials: they expire before its expected end (now plus the
   * expected duration); null when they do not. The worker's credentials are the ones a rollout uses; the
   * CLI sees its own, which are usually the same.
   */
  String credentialsWarning(Instant now) {
    Instant end = now.plus(dryRun.total());
    if (credentialsExpire == null || !credentialsExpire.isBefore(end)) {
      return null;
    }
    Duration left = Duration.between(now, credentialsExpire);
    return "the Taskcluster credentials (TASKCLUSTER_CERTIFICATE) " + (left.isNegative() ? "expired" : "expire") + " at "
        + credentialsExpire.truncatedTo(ChronoUnit.SECONDS) + (left.isNegative() ? "" : ", in " + Durations.elapsed(left))
        + ", before the rollout's expected end (" + end.truncatedTo(ChronoUnit.SECONDS) + "): from then on the worker"
        + " cannot quarantine or release a host and the host fails; renew them and restart the worker in time"
        + " (docs/operating.md, Temporary credentials)";
  }
}
