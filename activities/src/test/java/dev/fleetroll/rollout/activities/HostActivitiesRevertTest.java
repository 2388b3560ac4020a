package dev.fleetroll.rollout.activities;

import dev.fleetroll.Sha;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.OverrideRemoved;
import dev.fleetroll.rollout.host.OverrideWritten;
import dev.fleetroll.rollout.host.PuppetReport;
import dev.fleetroll.rollout.host.PuppetRunResult;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write and revert host steps on a real sshd host of the simulated fleet: the override that came
 * with the rollout is written (checked first) by a worker whatever its store holds; the override this
 * rollout wrote comes off with a backup (once), someone else's override is never touched, and Puppet's
 * run without the override is recognised (and one with it is not).
 */
class HostActivitiesRevertTest {
  private static final String HOST = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String OVERRIDE = """
      # revert test
      PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'
      PUPPET_BRANCH='master'
      """;

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(1, 0));

  @TempDir
  Path home;

  private Store store;
  private SshSessions ssh;
  private HostClient hosts;
  private HostActivities activities;
  private HostJob job;

  @BeforeEach
  void setUp() {
    Fleet fleet = sim.fleet();
    store = Store.open(home.resolve("store"));
    ssh = new SshSessions(SshConfig.load(fleet.files().sshConfig()),
        new SshOptions(Duration.ofSeconds(10), Duration.ofSeconds(120), false), HostKeyListener.NONE);
    hosts = new HostClient(ssh);
    activities = activities(new HostActivitiesImpl(hosts, store));
    byte[] bytes = OVERRIDE.getBytes(StandardCharsets.UTF_8);
    ContentStore.Entry stored = store.content().put(ContentStore.Kind.OVERRIDE, bytes);
    job = new HostJob("rollout-revert-20261123-0900", "alice", HOST, stored.sha256());
    hosts.removeOverride(HOST, false, 3);
  }

  @AfterEach
  void tearDown() {
    hosts.removeOverride(HOST, false, 3);
    ssh.close();
    store.close();
  }

  /** A worker on another machine: its own, empty content store; the override comes with the rollout. */
  @Test
  void theOverrideThatCameWithTheRolloutIsWrittenByAWorkerWhoseStoreLacksIt() {
    try (Store empty = Store.open(home.resolve("elsewhere"))) {
      HostActivities elsewhere = activities(new HostActivitiesImpl(hosts, empty));

      OverrideWritten written = elsewhere.writeOverride(job, OVERRIDE);

      assertThat(written.changed()).isTrue();
      assertThat(sim.fleet().readFile(HOST, HostOs.LINUX.overridePath())).isEqualTo(OVERRIDE);
      assertThatThrownBy(() -> elsewhere.writeOverride(job, null)).as("without it, the store is asked, in vain")
          .rootCause().hasMessageContaining("is not in the worker's content store");
    }
  }

  @Test
  void anOverrideThatIsNotTheRolloutsOrThatWouldBreakHostsIsNeverWritten() {
    assertThatThrownBy(() -> activities.writeOverride(job, OVERRIDE.replace("master", "main")))
        .rootCause().hasMessageContaining("does not have the rollout's sha256");
    String crlf = OVERRIDE.replace("\n", "\r\n");
    HostJob crlfJob = new HostJob(job.rolloutId(), job.actor(), HOST, Sha.sha256(crlf.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> activities.writeOverride(crlfJob, crlf)).rootCause().hasMessageContaining("is not valid");

    assertThat(sim.fleet().readFile(HOST, HostOs.LINUX.overridePath())).as("nothing written").isNull();
  }

  private static HostActivities activities(HostActivitiesImpl implementation) {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(implementation);
    return environment.newActivityStub(HostActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5)).setHeartbeatTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @Test
  void removesTheRolloutsOverrideWithABackupOnceAndPuppetThenRunsWithoutIt() {
    Fleet fleet = sim.fleet();
    OverrideWritten written = activities.writeOverride(job, null);
    activities.runPuppet(job, written.modifiedAt(), Duration.ofMinutes(3));
    assertThat(activities.awaitPuppet(job, written.modifiedAt()).overrideSha()).isEqualTo(job.overrideSha());

    OverrideRemoved removed = activities.removeOverride(job);

    assertThat(removed.removed()).isTrue();
    assertThat(removed.backupPath()).startsWith(HostOs.LINUX.overridePath() + ".bak.");
    assertThat(fleet.readFile(HOST, HostOs.LINUX.overridePath())).isNull();
    assertThat(fleet.readFile(HOST, removed.backupPath())).isEqualTo(OVERRIDE);
    assertThat(removed.removedAt()).isAfterOrEqualTo(written.modifiedAt());
    OverrideRemoved again = activities.removeOverride(job);
    assertThat(again.removed()).as("nothing left to remove").isFalse();
    assertThat(again.backupPath()).as("the backup of the removal found done").isEqualTo(removed.backupPath());

    assertThatThrownBy(() -> activities.awaitPuppetRun(job, null, removed.removedAt()))
        .as("Puppet's last run still had the override").isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo(StepFailures.WAITING));
    PuppetRunResult run = activities.runPuppetOnce(job, null, removed.removedAt(), Duration.ofMinutes(3));
    assertThat(run.skipped()).isFalse();
    assertThat(run.succeeded()).isTrue();
    PuppetReport report = activities.awaitPuppetRun(job, null, removed.removedAt());
    assertThat(report.overrideSha()).isNull();
    assertThat(report.success()).isTrue();
    assertThat(activities.runPuppetOnce(job, null, removed.removedAt(), Duration.ofMinutes(3)).skipped())
        .as("Puppet reported the run without the override already").isTrue();
    assertThat(store.auditLog().recent(10)).extracting(e -> e.action())
        .containsOnlyOnce("rollout.remove_override");
  }

  /** Seen in the demo on a Mac: a run under way during the write reports the new override with the old branch. */
  @Test
  void aPuppetRunThatStartedBeforeTheWriteDoesNotCountAsApplyingIt() {
    OverrideWritten written = activities.writeOverride(job, null);
    java.time.Instant ended = written.modifiedAt().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String metadata = """
        {"schema_version": 1, "ts": "%s", "duration_s": 30, "success": true, "exit_code": 2,
         "role": "gecko_t_linux_talos", "git_repo": "https://github.com/mozilla-platform-ops/ronin_puppet.git",
         "git_branch": "production", "git_sha": "42caebe8e5b2cabaa28d249121a67e1c921e16ea", "git_dirty": false,
         "vault_path": null, "vault_sha": null, "override_path": "%s", "override_sha": "%s"}
        """.formatted(ended, HostOs.LINUX.overridePath(), job.overrideSha());
    assertThat(ssh.run(HOST, "sudo -n tee " + HostOs.LINUX.puppetMetadataPath() + " >/dev/null", metadata.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(30)).succeeded()).isTrue();

    assertThatThrownBy(() -> activities.awaitPuppet(job, written.modifiedAt()))
        .as("a run that ended after the write but began 30 s before it").isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo(StepFailures.WAITING))
        .hasMessageContaining("before the override was written");
    PuppetRunResult run = activities.runPuppet(job, written.modifiedAt(), Duration.ofMinutes(3));
    assertThat(run.skipped()).as("Puppet runs again").isFalse();
    assertThat(activities.awaitPuppet(job, written.modifiedAt()).gitBranch()).isEqualTo("master");
  }

  @Test
  void anotherOverrideIsAConflictAndStaysOnTheHost() {
    Fleet fleet = sim.fleet();
    String other = OVERRIDE.replace("master", "someone-else");
    hosts.writeOverride(HOST, HostClient.FileWrite.of(other, true));

    assertThatThrownBy(() -> activities.removeOverride(job)).isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo(StepFailures.OVERRIDE_CONFLICT))
        .hasMessageContaining(Sha.sha256(other.getBytes(StandardCharsets.UTF_8)).substring(0, 12));
    assertThat(fleet.readFile(HOST, HostOs.LINUX.overridePath())).isEqualTo(other);
  }
}
