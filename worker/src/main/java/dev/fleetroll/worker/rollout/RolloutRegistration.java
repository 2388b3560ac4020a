package dev.fleetroll.worker.rollout;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.rollout.RolloutWorkflowImpl;
import dev.fleetroll.rollout.activities.CapacityActivitiesImpl;
import dev.fleetroll.rollout.activities.FreezeActivitiesImpl;
import dev.fleetroll.rollout.activities.GateActivitiesImpl;
import dev.fleetroll.rollout.activities.HostActivitiesImpl;
import dev.fleetroll.rollout.activities.QuarantineActivitiesImpl;
import dev.fleetroll.rollout.activities.ReadinessActivitiesImpl;
import dev.fleetroll.rollout.activities.SignalSendersImpl;
import dev.fleetroll.rollout.activities.WebhookNotifier;
import dev.fleetroll.rollout.activities.WorkerActivitiesImpl;
import dev.fleetroll.rollout.finalize.FinalizeWorkflowImpl;
import dev.fleetroll.rollout.freeze.FreezeWorkflowImpl;
import dev.fleetroll.rollout.host.HostRevertWorkflowImpl;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.lease.LeaseWorkflowImpl;
import dev.fleetroll.rollout.quarantine.QuarantineSweepWorkflowImpl;
import dev.fleetroll.rollout.readiness.ReadinessWorkflowImpl;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.HostKeyAudit;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.worker.TemporalRegistration;
import dev.fleetroll.worker.WorkerIdentity;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout workflows and their activities, wired from the worker's configuration: SSH from
 * FLEETROLL_SSH_CONFIG, Taskcluster from TASKCLUSTER_*, the content store (where the CLI put the
 * override) from FLEETROLL_HOME, rollout notifications to FLEETROLL_NOTIFY_WEBHOOK (else the log only).
 * A worker without Taskcluster settings starts anyway (ping works) and
 * fails the Taskcluster steps with a message that says what is missing.
 */
@Singleton
final class RolloutRegistration implements TemporalRegistration {

  private static final Logger log = LoggerFactory.getLogger(RolloutRegistration.class);

  private final FleetrollHome home;
  private final String sshConfig;
  private final TaskclusterCredentials credentials;
  private final WebhookNotifier notifier;
  private final WorkflowClient client;
  private final WorkerIdentity identity;
  private SshSessions ssh;
  private SshSessions gateSsh;
  private Store store;

  RolloutRegistration(FleetrollHome home, WorkflowClient client, WorkerIdentity identity,
      @Value("${fleetroll.ssh.config:}") String sshConfig,
      @Value("${fleetroll.taskcluster.root-url:}") String rootUrl,
      @Value("${fleetroll.taskcluster.client-id:}") String clientId,
      @Value("${fleetroll.taskcluster.access-token:}") String accessToken,
      @Value("${fleetroll.taskcluster.certificate:}") String certificate,
      @Value("${fleetroll.notify.webhook:}") String webhook) {
    this.home = home;
    this.client = client;
    this.identity = identity;
    this.notifier = new WebhookNotifier(webhook);
    this.sshConfig = sshConfig;
    this.credentials = rootUrl.isBlank() ? null : new TaskclusterCredentials(rootUrl.replaceAll("/+$", ""),
        blankToNull(clientId), blankToNull(accessToken), blankToNull(certificate));
  }

  @Override
  public void register(Worker worker) {
    SshConfig config = SshConfig.locate(sshConfig.isBlank() ? null : Path.of(sshConfig), System.getenv());
    store = Store.open(home);
    // The worker records a new host key only where the SSH config says StrictHostKeyChecking accept-new;
    // each one is audited.
    HostKeyAudit keys = new HostKeyAudit(store.auditLog(), Actor.current(), "worker");
    ssh = new SshSessions(config, SshOptions.defaults(), keys);
    // The gates' SSH check closes each connection it opens: its own sessions never cut a host step short.
    gateSsh = new SshSessions(config, SshOptions.defaults(), keys);
    Supplier<TaskclusterClient> client = taskcluster();
    WorkerPools pools = WorkerPools.of(home);
    WorkerReader reader = credentials == null ? null : new WorkerReader(client.get(), pools, 0);
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
        LeaseWorkflowImpl.class, HostRevertWorkflowImpl.class, FinalizeWorkflowImpl.class,
        QuarantineSweepWorkflowImpl.class, ReadinessWorkflowImpl.class, FreezeWorkflowImpl.class);
    Supplier<WorkerReader> readerOrFail = () -> {
      client.get();
      return reader;
    };
    worker.registerActivitiesImplementations(new HostActivitiesImpl(new HostClient(ssh), store),
        new WorkerActivitiesImpl(client, readerOrFail, store),
        new GateActivitiesImpl(client, readerOrFail, store, gateSsh, GateActivitiesImpl.REBOOT_GRACE), notifier,
        new SignalSendersImpl(this.client), new FreezeActivitiesImpl(this.client),
        new QuarantineActivitiesImpl(client, pools.provisioner(), this.client),
        new CapacityActivitiesImpl(client, pools, Clock.systemUTC()),
        new ReadinessActivitiesImpl(identity.value(),
            () -> SshConfig.locate(sshConfig.isBlank() ? null : Path.of(sshConfig), System.getenv()), credentials));
    log.info("Rollouts: SSH config {}, Taskcluster {}, content store {}, notifications {}",
        sshConfig.isBlank() ? "(default)" : sshConfig, credentials == null ? "NOT CONFIGURED" : credentials, store.directory(),
        notifier.target());
  }

  private Supplier<TaskclusterClient> taskcluster() {
    if (credentials == null) {
      return () -> {
        throw ApplicationFailure.newNonRetryableFailure("the worker has no Taskcluster settings: start it with"
            + " TASKCLUSTER_ROOT_URL (and TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN to quarantine)",
            StepFailures.TASKCLUSTER_AUTH);
      };
    }
    TaskclusterClient client = TaskclusterClient.forActivities(credentials);
    return () -> client;
  }

  @PreDestroy
  void close() {
    if (ssh != null) {
      ssh.close();
    }
    if (gateSsh != null) {
      gateSsh.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
