package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults on demand, observed from outside with plain OpenSSH and the simulator's own counters. */
class HostFaultsTest {
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(3, 0)
      .withPuppet(Duration.ofSeconds(1), Duration.ofSeconds(2)).withRebootDowntime(Duration.ofSeconds(1))
      .withTasks(Duration.ofSeconds(2), Duration.ofSeconds(3), 30));

  private static final String A = "t-linux64-ms-001";
  private static final String B = "t-linux64-ms-002";
  private static final String C = "t-linux64-ms-003";

  @Test
  void clockSkewReadOnlyDiskAndSilentSsh() throws Exception {
    Fleet fleet = sim.fleet();
    fleet.fault(A, "clock-skew=+2h");
    assertThat(hostClock(fleet, A) - Instant.now().getEpochSecond()).isBetween(7100L, 7300L);
    fleet.fault(A, "clock-skew=0");
    assertThat(Math.abs(hostClock(fleet, A) - Instant.now().getEpochSecond())).isLessThan(100);

    fleet.fault(A, "fs=ro");
    OpenSsh.Result write = OpenSsh.run(fleet, A, "sudo -n touch /etc/puppet/ronin_settings");
    assertThat(write.exit()).isNotZero();
    assertThat(write.err()).contains("Read-only file system");
    fleet.fault(A, "fs=rw");
    assertThat(OpenSsh.run(fleet, A, "sudo -n touch /tmp/x && sudo -n rm -f /tmp/x").exit()).isZero();

    fleet.fault(A, "ssh=silent");
    long start = System.nanoTime();
    OpenSsh.Result silent = OpenSsh.run(fleet, A, "true", "-o", "ConnectTimeout=2");
    assertThat(silent.exit()).isEqualTo(255);
    assertThat(silent.err()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    fleet.fault(A, "ssh=refused");
    assertThat(OpenSsh.run(fleet, A, "true").err()).contains("Connection refused");
    fleet.fault(A, "ssh=ok");
    assertThat(OpenSsh.ok(fleet, A, "hostname").strip()).isEqualTo(A);
  }

  @Test
  void aReimagedHostPresentsNewKeysThatOpenSshRefuses() throws Exception {
    Fleet fleet = sim.fleet();
    String before = fleet.hostKeyFingerprint(C);
    assertThat(OpenSsh.ok(fleet, C, "hostname").strip()).isEqualTo(C);
    fleet.fault(C, "hostkey=new:ecdsa");
    String after = fleet.hostKeyFingerprint(C);
    assertThat(after).isNotEqualTo(before);
    OpenSsh.Result refused = OpenSsh.run(fleet, C, "true");
    assertThat(refused.exit()).isEqualTo(255);
    assertThat(refused.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED", after, "Offending ED25519 key");
    // An action, not a lasting fault: nothing for `clear` to undo, and the host otherwise as it was.
    assertThat(fleet.faults(C)).isEqualTo(HostFaults.NONE);
    OpenSsh.Result unchecked = OpenSsh.run(fleet, C, "hostname", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null");
    assertThat(unchecked.out().strip()).as(unchecked.err()).isEqualTo(C);
  }

  /**
   * The host's wall clock in epoch seconds. A clock change restarts the host's sshd (see Host#setFaults);
   * one CI run saw the first session after it cut before its exit status, so a dropped session (exit 255)
   * is tried again once, and a second failure shows what the host's console said.
   */
  private static long hostClock(Fleet fleet, String host) throws Exception {
    OpenSsh.Result r = OpenSsh.run(fleet, host, "date +%s");
    if (r.exit() == 255) {
      r = OpenSsh.run(fleet, host, "date +%s");
    }
    assertThat(r.exit()).as("ssh %s date: %s\nconsole: %s", host, r.err(), fleet.consoleTail(host)).isZero();
    return Long.parseLong(r.out().strip());
  }

  @Test
  void failingPuppetRetriesAtBootAndKeepsTheLinuxWorkerDown() {
    Fleet fleet = sim.fleet();
    fleet.fault(B, "puppet=fail");
    fleet.reboot(B);
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.puppetRuns(B).stream()
        .filter(r -> r.trigger().equals("boot") && r.finished() && !r.succeeded()).count() >= 2)).isTrue();
    assertThat(fleet.puppetRunDone(B)).isFalse();
    assertThat(fleet.taskcluster().workerRunning(B)).isFalse();
    fleet.fault(B, "puppet=success");
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.taskcluster().workerRunning(B))).isTrue();
  }

  @Test
  void workerThatNeverComesBackAfterReboot() {
    Fleet fleet = sim.fleet();
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.taskcluster().workerRunning(C))).isTrue();
    fleet.fault(C, "worker=never-returns");
    int reboots = fleet.counters(C).reboots();
    fleet.reboot(C);
    assertThat(Fleet.await(Duration.ofSeconds(30), () -> fleet.counters(C).reboots() == reboots + 1)).isTrue();
    assertThat(fleet.awaitSsh(C, Duration.ofSeconds(60))).isTrue();
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.puppetRunDone(C))).isTrue();
    assertThat(Fleet.await(Duration.ofSeconds(5), () -> fleet.taskcluster().workerRunning(C))).isFalse();
    fleet.fault(C, "worker=ok");
  }
}
