package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `rollout plan` warns when temporary Taskcluster credentials expire before the rollout's expected end. */
class CredentialsWarningTest {
  private static final Instant NOW = Instant.parse("2026-12-07T13:23:00Z");
  private static final Duration EXPECTED = Duration.ofMinutes(47);

  @Test
  void credentialsExpiringBeforeTheExpectedEndAreNamedWithBothTimes() {
    String warning = check(certificateExpiring(NOW.plus(Duration.ofMinutes(40)))).credentialsWarning(NOW);
    assertThat(warning).startsWith("the Taskcluster credentials (TASKCLUSTER_CERTIFICATE) expire at 2026-12-07T14:03:00Z,"
        + " in 40m, before the rollout's expected end (2026-12-07T14:10:00Z)");
  }

  @Test
  void expiredOnesSaySo() {
    assertThat(check(certificateExpiring(NOW.minusSeconds(60))).credentialsWarning(NOW))
        .startsWith("the Taskcluster credentials (TASKCLUSTER_CERTIFICATE) expired at 2026-12-07T13:22:00Z, before");
  }

  @Test
  void noWarningWhenTheyOutliveTheRolloutOrArePermanent() {
    assertThat(check(certificateExpiring(NOW.plus(Duration.ofMinutes(48)))).credentialsWarning(NOW)).isNull();
    assertThat(check(credentials(null)).credentialsWarning(NOW)).isNull();
  }

  @Test
  void aCertificateWithoutExpiryIsBadInput() {
    assertThatThrownBy(() -> credentials("{\"version\":1}").certificateExpiry()).isInstanceOf(InputException.class)
        .hasMessage("TASKCLUSTER_CERTIFICATE is not a Taskcluster certificate (JSON with a numeric expiry)");
    assertThatThrownBy(() -> credentials("not json").certificateExpiry()).isInstanceOf(InputException.class);
  }

  /** A certificate as the auth service hands one out (the fields that matter here). */
  private static TaskclusterCredentials certificateExpiring(Instant expiry) {
    return credentials("{\"version\":1,\"scopes\":[\"queue:quarantine-worker:releng-hardware/gecko-*\"],\"start\":"
        + NOW.minus(Duration.ofHours(1)).toEpochMilli() + ",\"expiry\":" + expiry.toEpochMilli()
        + ",\"seed\":\"" + "s".repeat(44) + "\",\"signature\":\"c2lnbmF0dXJl\"}");
  }

  private static TaskclusterCredentials credentials(String certificate) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("TASKCLUSTER_ROOT_URL", "https://tc.example",
        "TASKCLUSTER_CLIENT_ID", "mozilla-auth0/ad|Mozilla-LDAP|relops/fleetroll", "TASKCLUSTER_ACCESS_TOKEN", "t"));
    if (certificate != null) {
      env.put("TASKCLUSTER_CERTIFICATE", certificate);
    }
    return TaskclusterCredentials.fromEnvironment(env);
  }

  private static PlanCheck check(TaskclusterCredentials credentials) {
    DryRun dry = new DryRun(List.of(), List.of(), List.of(), List.of(), null, EXPECTED);
    return new PlanCheck(null, dry, "0".repeat(64), "fix-talos-audio", true, credentials.certificateExpiry().orElse(null));
  }
}
