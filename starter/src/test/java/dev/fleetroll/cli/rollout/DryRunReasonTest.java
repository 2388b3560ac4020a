package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A host the dry run leaves out says why in an operator's words, not always "unreachable". */
class DryRunReasonTest {

  @Test
  void eachAuditFailureHasItsOwnReason() {
    assertThat(DryRun.why("unreachable")).isEqualTo("unreachable");
    assertThat(DryRun.why("no_sudo")).isEqualTo("no sudo");
    assertThat(DryRun.why("auth_failed")).isEqualTo("SSH key refused");
    assertThat(DryRun.why("host_key")).isEqualTo("host key refused");
    assertThat(DryRun.why("timeout")).isEqualTo("audit timed out");
    assertThat(DryRun.why("command_failed")).isEqualTo("audit failed");
    assertThat(DryRun.why("something_new")).isEqualTo("audit failed (something_new)");
  }

  @Test
  void onlyAnAuditThatRanAndFailedGetsASecondLook() {
    assertThat(DryRun.transientFailure("command_failed")).isTrue();
    for (String finalOrWaitedFor : new String[] {"unreachable", "timeout", "no_sudo", "auth_failed", "host_key",
        "read_only_filesystem"}) {
      assertThat(DryRun.transientFailure(finalOrWaitedFor)).as(finalOrWaitedFor).isFalse();
    }
  }
}
