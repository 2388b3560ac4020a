package dev.fleetroll.rollout.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.readiness.Readiness;
import dev.fleetroll.rollout.readiness.ReadinessRequest;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a worker lacks for a rollout's hosts, each missing thing one line naming where it looked. */
class ReadinessActivitiesImplTest {

  private static final List<String> HOSTS = List.of("t-linux64-ms-001.test.releng.mdc1.mozilla.com",
      "t-linux64-ms-002.test.releng.mdc1.mozilla.com", "t-linux64-ms-003.test.releng.mdc1.mozilla.com",
      "t-linux64-ms-004.test.releng.mdc1.mozilla.com");
  private static final TaskclusterCredentials CREDENTIALS =
      new TaskclusterCredentials("https://tc.example.com", "project/releng/fleetroll", "secret", null);

  @TempDir Path dir;

  @Test
  void aWorkerWithItsKeyKnownHostsAndCredentialsLacksNothing() throws IOException {
    Path config = config(true, true);

    Readiness readiness = check(config, CREDENTIALS, Instant.now().plusSeconds(3600));

    assertThat(readiness.missing()).isEmpty();
    assertThat(readiness.worker()).isEqualTo("42@worker-2");
  }

  @Test
  void eachMissingThingIsOneLineForAllTheHostsItConcerns() throws IOException {
    Path config = config(false, false);

    Readiness readiness = check(config, new TaskclusterCredentials("https://tc.example.com", null, null, null),
        Instant.now().plusSeconds(3600));

    assertThat(readiness.missing()).hasSize(3);
    assertThat(readiness.missing().get(0)).contains("TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN are not set");
    assertThat(readiness.missing().get(1)).startsWith("SSH key: none of " + dir.resolve("id_fleetroll"))
        .endsWith("(t-linux64-ms-001.test.releng.mdc1.mozilla.com, t-linux64-ms-002.test.releng.mdc1.mozilla.com,"
            + " t-linux64-ms-003.test.releng.mdc1.mozilla.com and 1 more)");
    assertThat(readiness.missing().get(2)).startsWith("known_hosts: no key recorded in " + dir.resolve("known_hosts"));
  }

  @Test
  void temporaryCredentialsThatExpireBeforeTheEndAreNamed() throws IOException {
    Path config = config(true, true);
    Instant expiry = Instant.parse("2026-12-07T10:00:00Z");
    TaskclusterCredentials temporary = new TaskclusterCredentials("https://tc.example.com", "c", "t",
        "{\"version\":1,\"expiry\":" + expiry.toEpochMilli() + "}");

    Readiness readiness = check(config, temporary, expiry.plusSeconds(60));

    assertThat(readiness.missing()).singleElement().asString()
        .contains("TASKCLUSTER_CERTIFICATE expires at 2026-12-07T10:00:00Z, before the rollout is expected to end");
  }

  @Test
  void aWorkerWithoutTaskclusterSettingsSaysWhichVariable() throws IOException {
    Readiness readiness = check(config(true, true), null, Instant.now());

    assertThat(readiness.missing()).singleElement().asString().contains("TASKCLUSTER_ROOT_URL is not set");
  }

  private Readiness check(Path config, TaskclusterCredentials credentials, Instant until) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new ReadinessActivitiesImpl("42@worker-2", () -> SshConfig.load(config),
          credentials));
      return env.newActivityStub(dev.fleetroll.rollout.readiness.ReadinessActivities.class)
          .check(new ReadinessRequest("rollout", HOSTS, until));
    } finally {
      env.close();
    }
  }

  /** An ssh_config as the simulator writes one: a key and a known_hosts file of its own, each there or not. */
  private Path config(boolean key, boolean knownHosts) throws IOException {
    Path identity = dir.resolve("id_fleetroll");
    Path known = dir.resolve("known_hosts");
    if (key) {
      Files.writeString(identity, "-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n");
    }
    if (knownHosts) {
      StringBuilder lines = new StringBuilder();
      for (String h : HOSTS) {
        lines.append(h).append(" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
      }
      Files.writeString(known, lines);
    }
    return Files.writeString(dir.resolve("ssh_config"), "Host *.test.releng.mdc1.mozilla.com\n  User relops\n"
        + "  IdentityFile " + identity + "\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile " + known + "\n");
  }
}
