package dev.fleetroll.worker.inventory;

import dev.fleetroll.github.GitHubClient;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.inventory.InventoryGatherWorkflowImpl;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.inventory.activities.InventoryActivitiesImpl;
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
import io.micronaut.context.annotation.Value;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled inventory gathering: its workflow and activities, recording into this worker's store
 * (FLEETROLL_HOME), reaching hosts with FLEETROLL_SSH_CONFIG, Taskcluster with TASKCLUSTER_* (reads are
 * anonymous; without a root URL the Taskcluster part of a gathering fails and the rest goes on), and
 * GitHub with GITHUB_API_URL and GITHUB_TOKEN.
 */
@Singleton
final class InventoryRegistration implements TemporalRegistration {

  private static final Logger log = LoggerFactory.getLogger(InventoryRegistration.class);
  /** Hosts audited at once per batch; a gathering runs a few batches at once (GatherRequest). */
  private static final int AUDIT_CONCURRENCY = 16;

  private final FleetrollHome home;
  private final String sshConfig;
  private final String rootUrl;
  private final int keep;
  private final GitHubClient github;
  private SshSessions ssh;
  private Store store;

  InventoryRegistration(FleetrollHome home,
      @Value("${fleetroll.ssh.config:}") String sshConfig,
      @Value("${fleetroll.taskcluster.root-url:}") String rootUrl,
      @Value("${fleetroll.store.keep:10}") int keep,
      @Value("${fleetroll.github.api-url:}") String githubUrl,
      @Value("${fleetroll.github.token:}") String githubToken) {
    this.home = home;
    this.sshConfig = sshConfig;
    this.rootUrl = rootUrl;
    this.keep = keep;
    this.github = new GitHubClient(GitHubClient.Settings.fromEnvironment(Map.of("GITHUB_API_URL", githubUrl,
        "GITHUB_TOKEN", githubToken)));
  }

  @Override
  public void register(Worker worker) {
    SshConfig config = SshConfig.locate(sshConfig.isBlank() ? null : Path.of(sshConfig), System.getenv());
    store = Store.open(home.store(), keep);
    // As for rollouts: a new host key is recorded only under StrictHostKeyChecking accept-new, and audited.
    ssh = new SshSessions(config, SshOptions.defaults(), new HostKeyAudit(store.auditLog(), Actor.current(), "worker"));
    FleetAudit.Settings audit = new FleetAudit.Settings(AUDIT_CONCURRENCY, Duration.ofSeconds(60), Duration.ofMinutes(10), 2,
        Duration.ofSeconds(1));
    worker.registerWorkflowImplementationTypes(InventoryGatherWorkflowImpl.class);
    worker.registerActivitiesImplementations(new InventoryActivitiesImpl(new HostClient(ssh), store, audit, workers(), 8,
        github));
    log.info("Inventory gathering: store {} (keeping {} per host and key), GitHub {}", store.directory(), keep,
        github.settings());
  }

  /** A reader per batch: its pool listing (which finds each worker's group) is then never older than the batch. */
  private Supplier<WorkerReader> workers() {
    if (rootUrl.isBlank()) {
      return () -> {
        throw ApplicationFailure.newNonRetryableFailure("the worker has no Taskcluster settings: start it with"
            + " TASKCLUSTER_ROOT_URL", "TaskclusterNotConfigured");
      };
    }
    TaskclusterClient client = new TaskclusterClient(TaskclusterCredentials.anonymous(rootUrl));
    WorkerPools pools = WorkerPools.of(home);
    return () -> new WorkerReader(client, pools, 5);
  }

  @PreDestroy
  void close() {
    if (ssh != null) {
      ssh.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
