package dev.fleetroll.rollout.activities;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRevert;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import dev.fleetroll.rollout.host.HostRevertWorkflowImpl;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.ConvergePolicy;
import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.sim.taskcluster.TcClient;
import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerAddress;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One host's revert with the real activities against a simulated host and its Taskcluster worker (the
 * workflow on the time-skipping test server): the override a rollout applied comes off, Puppet's metadata
 * shows a successful run without it, and the worker is back in service.
 */
class HostRevertEndToEndTest {
  private static final String HOST = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String OVERRIDE = """
      # rolled out, now reverted
      PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'
      PUPPET_BRANCH='master'
      """;

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(
      FleetSpec.of(1, 0).withTasks(Duration.ofSeconds(1), Duration.ofSeconds(2), 30.0));

  @TempDir
  Path home;

  private Store store;
  private SshSessions ssh;
  private TestWorkflowEnvironment env;
  private TaskclusterClient tc;

  @BeforeEach
  void setUp() {
    store = Store.open(home.resolve("store"));
    ssh = new SshSessions(SshConfig.load(sim.fleet().files().sshConfig()),
        new SshOptions(Duration.ofSeconds(10), Duration.ofSeconds(120), false), HostKeyListener.NONE);
    // The queue knows a worker only after its first claim.
    assertThat(Fleet.await(Duration.ofSeconds(180), () -> sim.fleet().taskcluster().worker(HOST).isPresent())).isTrue();
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
    ssh.close();
    store.close();
  }

  @Test
  void removesTheOverrideRunsPuppetWithoutItAndReleasesTheWorker() {
    Fleet fleet = sim.fleet();
    HostClient hosts = new HostClient(ssh);
    byte[] bytes = OVERRIDE.getBytes(StandardCharsets.UTF_8);
    String sha = store.content().put(ContentStore.Kind.OVERRIDE, bytes).sha256();
    hosts.writeOverride(HOST, HostClient.FileWrite.override(bytes, true));
    assertThat(hosts.runPuppet(HOST, Duration.ofMinutes(3)).succeeded()).isTrue();
    assertThat(hosts.audit(HOST).puppet().overrideSha()).as("the rollout's override is applied").isEqualTo(sha);
    int puppetRuns = fleet.counters(HOST).puppetRuns();

    HostOutcome outcome = revert(hosts, new HostJob("rollout-e2e-20261123-0900", "alice", HOST, sha));

    assertThat(outcome.result()).as(String.valueOf(outcome.failure())).isEqualTo(HostResult.SUCCEEDED);
    assertThat(fleet.readFile(HOST, HostOs.LINUX.overridePath())).isNull();
    HostAudit after = hosts.audit(HOST);
    assertThat(after.puppet().overrideSha()).as("Puppet's last run had no override").isNull();
    assertThat(after.puppet().success()).isTrue();
    assertThat(fleet.counters(HOST).puppetRuns()).isEqualTo(puppetRuns + 1);
    assertThat(outcome.puppet().overrideSha()).isNull();
    assertThat(outcome.quarantined()).isFalse();
    assertThat(fleet.taskcluster().quarantined(HOST)).as("released").isFalse();
    WorkerRef w = outcome.worker();
    assertThat(tc.workerWithHistory(new WorkerAddress(w.provisionerId(), w.workerType(), w.workerGroup(), w.workerId()))
        .quarantineDetails()).extracting(d -> d.quarantineInfo())
        .as("quarantined for the revert, naming the rollout, the actor and why, then released")
        .containsSubsequence("fleetroll rollout rollout-e2e-20261123-0900 by alice: rollback: end-to-end test: removing"
            + " override " + sha.substring(0, 12) + " from " + HOST,
            "fleetroll rollout rollout-e2e-20261123-0900 by alice: released");
    assertThat(store.auditLog().recent(5)).extracting(e -> e.action()).contains("rollout.remove_override");
  }

  private HostOutcome revert(HostClient hosts, HostJob job) {
    Fleet fleet = sim.fleet();
    TcClient operator = fleet.taskcluster().operator();
    tc = new TaskclusterClient(new TaskclusterCredentials(fleet.taskcluster().rootUrl(),
        operator.clientId(), operator.accessToken(), null));
    WorkerReader reader = new WorkerReader(tc, WorkerPools.defaults(), 0);
    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    Worker worker = env.newWorker("revert");
    worker.registerWorkflowImplementationTypes(HostRevertWorkflowImpl.class);
    worker.registerActivitiesImplementations(new HostActivitiesImpl(hosts, store),
        new WorkerActivitiesImpl(() -> tc, () -> reader, store));
    env.start();
    RolloutPolicy policy = new RolloutPolicy(new StagePolicy(1, List.of("100%")), 1,
        new ConvergePolicy(ConvergeStrategy.RUN_PUPPET, ConvergeStrategy.RUN_PUPPET),
        new DrainPolicy(Duration.ofMinutes(10), DrainDeadlineAction.FAIL), HealthPolicy.DEFAULT,
        new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofSeconds(2)), AdvanceMode.MANUAL,
        GatePolicy.DEFAULT);
    HostRevertWorkflow revert = env.getWorkflowClient().newWorkflowStub(HostRevertWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(RolloutIds.revert(job.rolloutId(), HOST)).setTaskQueue("revert")
            .build());
    return revert.run(new HostRevert(job, new HostTarget(HOST, HostPlatform.LINUX, fleet.host(HOST).role()), null,
        "rollback: end-to-end test", policy));
  }
}
