package dev.fleetroll.rollout.activities;

import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostFacts;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.OverrideRemoved;
import dev.fleetroll.rollout.host.OverrideWritten;
import dev.fleetroll.rollout.host.PuppetReport;
import dev.fleetroll.rollout.host.PuppetRunResult;
import dev.fleetroll.rollout.host.Rebooted;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.AuditLog;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host steps retried after an attempt that died or hit a network blip, with the real activities against
 * simulated hosts: a write or a removal leaves exactly one audit row whichever attempt finds it done (the
 * removal's backup path included), and a host unreachable on a retry is taken for a rebooting one only
 * when an earlier attempt asked for the reboot.
 */
class HostStepRetryEndToEndTest {

  private static final String OVERRIDE = "PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'\n"
      + "PUPPET_BRANCH='retry-test'\n";

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(3, 0)
      .withRebootDowntime(Duration.ofSeconds(1)));

  @TempDir Path home;

  private Store store;
  private SshSessions ssh;
  private HostClient hosts;
  private String sha;

  @BeforeEach
  void setUp() {
    store = Store.open(home.resolve("store"));
    ssh = new SshSessions(SshConfig.load(sim.fleet().files().sshConfig()),
        new SshOptions(Duration.ofSeconds(5), Duration.ofSeconds(60), false), HostKeyListener.NONE);
    hosts = new HostClient(ssh);
    sha = store.content().put(ContentStore.Kind.OVERRIDE, OVERRIDE.getBytes(StandardCharsets.UTF_8)).sha256();
  }

  @AfterEach
  void tearDown() {
    ssh.close();
    store.close();
  }

  @Test
  void aWriteAnEarlierAttemptMadeAndDidNotRecordIsRecordedOnceByTheRetry() {
    String host = sim.fleet().hosts().get(0).name();
    HostJob job = new HostJob("rollout-retry-20261207-0100", "alice", host, sha);
    // The attempt that died: it wrote, and the worker was killed before the audit row.
    hosts.writeOverride(host, HostClient.FileWrite.override(OVERRIDE.getBytes(StandardCharsets.UTF_8), false));

    OverrideWritten retried = activities().writeOverride(job, null);
    OverrideWritten again = activities().writeOverride(job, null);

    assertThat(retried.changed()).as("the content was there").isFalse();
    assertThat(again.changed()).isFalse();
    assertThat(sim.fleet().counters(host).overrideWrites()).isEqualTo(1);
    List<AuditLog.Entry> rows = rows("rollout.write_override", host);
    assertThat(rows).as("one row for the one write, whichever attempt found it done").hasSize(1);
    assertThat(rows.getFirst().parameters()).containsEntry("rollout", job.rolloutId()).containsEntry("sha256", sha);
    assertThat(((Number) rows.getFirst().result().get("mtime")).longValue()).isEqualTo(retried.modifiedAt().getEpochSecond());
  }

  @Test
  void aRemovalAnEarlierAttemptMadeIsRecordedOnceWithItsBackup() {
    String host = sim.fleet().hosts().get(1).name();
    HostJob job = new HostJob("rollout-retry-20261207-0100", "alice", host, sha);
    hosts.writeOverride(host, HostClient.FileWrite.override(OVERRIDE.getBytes(StandardCharsets.UTF_8), false));
    // The attempt that died: it backed the override up and removed it, and was killed before the audit row.
    HostClient.RemoveResult dead = hosts.removeOverride(host, true, HostClient.FileWrite.DEFAULT_KEEP_BACKUPS, sha);
    assertThat(dead.backupPath()).isNotNull();

    OverrideRemoved retried = activities().removeOverride(job);
    OverrideRemoved again = activities().removeOverride(job);

    assertThat(retried.removed()).isFalse();
    assertThat(retried.backupPath()).as("the backup the earlier attempt made").isEqualTo(dead.backupPath());
    assertThat(again.backupPath()).isEqualTo(dead.backupPath());
    List<AuditLog.Entry> rows = rows("rollout.remove_override", host);
    assertThat(rows).as("one row for the one removal").hasSize(1);
    assertThat(rows.getFirst().result()).containsEntry("backup", dead.backupPath());
  }

  /**
   * A Mac reboots after every task, so once drained it is often down for minutes: the write asks it again
   * within its attempt instead of failing the attempt (and soon the host) at the first refused connection.
   */
  @Test
  void aWriteToAHostThatIsDownForAWhileWaitsForItWithinTheAttempt() throws Exception {
    Fleet fleet = sim.fleet();
    String host = fleet.hosts().get(2).name();
    HostJob job = new HostJob("rollout-retry-20261207-0100", "alice", host, sha);
    fleet.fault(host, "power=off");
    ssh.disconnect(host);
    Thread powerOn = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(20_000);
        fleet.fault(host, "power=on");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    OverrideWritten written = activities().writeOverride(job, OVERRIDE); // one attempt of a minute

    powerOn.join();
    assertThat(written.changed()).isTrue();
    assertThat(sim.fleet().readFile(host, HostOs.LINUX.overridePath())).isEqualTo(OVERRIDE);
    assertThat(fleet.counters(host).overrideWrites()).isEqualTo(1);
  }

  @Test
  void aHostUnreachableOnARetryIsRebootedOnceItAnswersWhenNoAttemptAskedForTheReboot() {
    Fleet fleet = sim.fleet();
    String host = fleet.hosts().get(0).name();
    Instant bootedBefore = HostActivitiesImpl.bootedAt(hosts.audit(host));
    ssh.disconnect(host);
    int reboots = fleet.counters(host).reboots();
    HostJob job = new HostJob("rollout-retry-20261207-0100", "alice", host, sha);
    // A network blip: the first two attempts find the host unreachable before any reboot was asked for.
    BlippingReboot blip = new BlippingReboot(new HostActivitiesImpl(hosts, store), fleet, host);

    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("reboot");
      worker.registerWorkflowImplementationTypes(RebootOnce.class);
      worker.registerActivitiesImplementations(blip);
      env.start();
      Rebooted rebooted = env.getWorkflowClient().newWorkflowStub(RebootWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue("reboot").build()).reboot(job, bootedBefore);

      assertThat(rebooted.requested()).as("the third attempt, with the host back, asked for the reboot").isTrue();
    }
    // The reboot starts a second after it is asked for: wait for it, then for the host to answer again.
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.counters(host).reboots() > reboots)).isTrue();
    assertThat(fleet.awaitSsh(host, Duration.ofSeconds(60))).isTrue();
    assertThat(fleet.counters(host).reboots()).as("the host was rebooted, once").isEqualTo(reboots + 1);
  }

  private HostActivities activities() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new HostActivitiesImpl(hosts, store));
    return env.newActivityStub(HostActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private List<AuditLog.Entry> rows(String action, String host) {
    return store.auditLog().recent(100).stream().filter(e -> e.action().equals(action) && e.hosts().equals(List.of(host)))
        .toList();
  }

  /** Asks for one reboot, retrying it like the host pipeline does. */
  @WorkflowInterface
  public interface RebootWorkflow {
    @WorkflowMethod
    Rebooted reboot(HostJob job, Instant bootedBefore);
  }

  public static final class RebootOnce implements RebootWorkflow {
    @Override
    public Rebooted reboot(HostJob job, Instant bootedBefore) {
      return Workflow.newActivityStub(HostActivities.class, ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setMaximumAttempts(5)
                  .build())
              .build())
          .reboot(job, bootedBefore);
    }
  }

  /** The real reboot step, with the host's SSH refused during the first two attempts. */
  static final class BlippingReboot implements HostActivities {
    private final HostActivitiesImpl real;
    private final Fleet fleet;
    private final String host;

    BlippingReboot(HostActivitiesImpl real, Fleet fleet, String host) {
      this.real = real;
      this.fleet = fleet;
      this.host = host;
    }

    @Override
    public Rebooted reboot(HostJob job, Instant bootedBefore) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      fleet.fault(host, attempt <= 2 ? "ssh=refused" : "clear");
      return real.reboot(job, bootedBefore);
    }

    @Override
    public HostFacts inspectHost(HostJob job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public OverrideWritten writeOverride(HostJob job, String content) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PuppetRunResult runPuppet(HostJob job, Instant writtenAt, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PuppetReport awaitPuppet(HostJob job, Instant writtenAt) {
      throw new UnsupportedOperationException();
    }

    @Override
    public OverrideRemoved removeOverride(HostJob job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PuppetRunResult runPuppetOnce(HostJob job, String overrideSha, Instant since, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PuppetReport awaitPuppetRun(HostJob job, String overrideSha, Instant since) {
      throw new UnsupportedOperationException();
    }
  }
}
