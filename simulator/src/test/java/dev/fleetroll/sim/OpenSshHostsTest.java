package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.sim.junit.SimulatedFleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The hosts checked with a client nobody here wrote: plain OpenSSH with D/ssh_config (strict host-key
 * checking), running the commands the MVP's audit and write scripts run.
 */
@SimulatedFleet(linux = 2, mac = 1)
class OpenSshHostsTest {
  private static final String LINUX = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String LINUX_2 = "t-linux64-ms-002.test.releng.mdc1.mozilla.com";
  private static final String MAC = "macmini-r8-001.test.releng.mdc1.mozilla.com";
  private static final Duration BOOT = Duration.ofSeconds(90);

  @Test
  void linuxHostLooksLikeARoninWorker(Fleet fleet) throws Exception {
    String out = OpenSsh.ok(fleet, LINUX, "uname -s; hostname; cat /etc/puppet_role; id -un; sudo -n id -un");
    assertThat(out.lines()).containsExactly("Linux", "t-linux64-ms-001", "gecko_t_linux_2404_talos", "relops", "root");
    assertThat(OpenSsh.ok(fleet, LINUX_2, "cat /etc/puppet_role").strip()).isEqualTo("gecko_t_linux_talos");
    String stat = OpenSsh.ok(fleet, LINUX, "sudo -n stat -c '%a %U %G' /root/vault.yaml").strip();
    assertThat(stat).isEqualTo("640 root root");
    assertThat(OpenSsh.ok(fleet, LINUX, "sudo -n sha256sum /root/vault.yaml")).matches("[0-9a-f]{64}  /root/vault.yaml\\s*");
    // the machine's own files are untouched
    assertThat(Path.of("/etc/puppet_role")).doesNotExist();
    assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("relops:");
  }

  @Test
  void macToolsBehaveAsOnAMac(Fleet fleet) throws Exception {
    assertThat(OpenSsh.ok(fleet, MAC, "uname -s").strip()).isEqualTo("Darwin");
    assertThat(OpenSsh.run(fleet, MAC, "command -v sha256sum").exit()).isNotZero();
    assertThat(OpenSsh.ok(fleet, MAC, "sudo -n shasum -a 256 /var/root/vault.yaml"))
        .matches("[0-9a-f]{64}  /var/root/vault.yaml\\s*");
    assertThat(OpenSsh.ok(fleet, MAC, "sudo -n stat -f '%p %Su %Sg' /var/root/vault.yaml").strip())
        .isEqualTo("100640 root wheel");
    assertThat(OpenSsh.run(fleet, MAC, "stat -c %a /etc/puppet_role").exit()).isNotZero();
    String boottime = OpenSsh.ok(fleet, MAC, "sysctl -n kern.boottime");
    assertThat(boottime).matches("\\{ sec = \\d+, usec = \\d+ \\} .*\\s*");
    long boot = Long.parseLong(boottime.replaceAll("^\\{ sec = (\\d+),.*$", "$1").strip());
    long now = System.currentTimeMillis() / 1000;
    assertThat(now - boot).isBetween(0L, 3600L);
    assertThat(OpenSsh.ok(fleet, MAC, "printf abc | base64")).isEqualTo("YWJj\n");
  }

  @Test
  void puppetRanAtBootAndWroteRealMetadata(Fleet fleet) throws Exception {
    assertThat(Fleet.await(BOOT, () -> fleet.puppetRunDone(LINUX))).isTrue();
    String b64 = OpenSsh.ok(fleet, LINUX, "sudo -n base64 -w0 /etc/puppet/last_run_metadata.json");
    JsonNode meta = new ObjectMapper().readTree(Base64.getDecoder().decode(b64.strip()));
    assertThat(meta.get("schema_version").asInt()).isEqualTo(1);
    assertThat(meta.get("success").asBoolean()).isTrue();
    assertThat(meta.get("exit_code").asInt()).isIn(0, 2);
    assertThat(meta.get("git_branch").asText()).isEqualTo("master");
    assertThat(meta.get("git_sha").asText()).isEqualTo(fleet.github().head(
        "https://github.com/mozilla-platform-ops/ronin_puppet.git", "master").orElseThrow());
    assertThat(meta.get("override_sha").isNull()).isTrue();
    assertThat(meta.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(meta.fieldNames()).toIterable().containsExactly("schema_version", "ts", "duration_s", "success",
        "exit_code", "role", "git_repo", "git_branch", "git_sha", "git_dirty", "vault_path", "vault_sha",
        "override_path", "override_sha");
    assertThat(fleet.puppetRuns(LINUX)).first().satisfies(run -> {
      assertThat(run.trigger()).isEqualTo("boot");
      assertThat(run.succeeded()).isTrue();
    });
  }

  @Test
  void overrideWrittenAtomicallyIsCountedOnceAndAppliedByPuppet(Fleet fleet) throws Exception {
    String repo = "https://github.com/relops-sim/ronin_puppet.git";
    String sha = fleet.github().push(repo, "topic/sim-test");
    String override = "PUPPET_REPO='" + repo + "'\nPUPPET_BRANCH='topic/sim-test'\n";
    int before = fleet.counters(LINUX_2).overrideWrites();
    // the MVP's write: sudo mktemp in the target directory, tee, chmod, mv -f into place
    OpenSsh.ok(fleet, LINUX_2, "t=$(sudo -n mktemp /etc/puppet/.ronin_settings.tmp.XXXXXX) && printf \"%s\" '"
        + override.replace("'", "'\\''") + "' | sudo -n tee \"$t\" >/dev/null && sudo -n chmod 0644 \"$t\" && sudo -n mv -f \"$t\" /etc/puppet/ronin_settings");
    assertThat(Fleet.await(Duration.ofSeconds(5), () -> fleet.counters(LINUX_2).overrideWrites() == before + 1)).isTrue();

    int runsBefore = fleet.counters(LINUX_2).puppetRuns();
    String out = OpenSsh.ok(fleet, LINUX_2, "sudo -n env FLEETROLL_SINGLE_RUN=1 /usr/local/bin/run-puppet.sh 2>&1; echo EXIT=$?");
    assertThat(out).contains("EXIT=0");
    assertThat(fleet.counters(LINUX_2).puppetRuns()).isEqualTo(runsBefore + 1);
    JsonNode meta = new ObjectMapper().readTree(fleet.readFile(LINUX_2, "/etc/puppet/last_run_metadata.json"));
    assertThat(meta.get("git_repo").asText()).isEqualTo(repo);
    assertThat(meta.get("git_sha").asText()).isEqualTo(sha);
    assertThat(meta.get("exit_code").asInt()).isEqualTo(2);
    assertThat(meta.get("override_sha").asText()).isEqualTo(sha256(override));
    assertThat(fleet.counters(LINUX_2).overrideWrites()).isEqualTo(before + 1);
  }

  @Test
  void puppetFailureIsReportedWithDetailedExitCode(Fleet fleet) throws Exception {
    fleet.fault(MAC, "puppet=fail");
    try {
      fleet.setFaults(MAC, fleet.faults(MAC));
      String out = OpenSsh.run(fleet, MAC,
          "sudo -n env FLEETROLL_SINGLE_RUN=1 /usr/local/bin/run-puppet.sh >/dev/null 2>&1 & sleep 4; sudo -n cat /opt/puppet_environments/last_run_metadata.json").out();
      JsonNode meta = new ObjectMapper().readTree(out);
      assertThat(meta.get("success").asBoolean()).isFalse();
      assertThat(meta.get("exit_code").asInt()).isIn(4, 6);
    } finally {
      fleet.fault(MAC, "puppet=success");
    }
  }

  @Test
  void sudoRebootDropsTheSessionAndTheHostBootsAgain(Fleet fleet) throws Exception {
    assertThat(Fleet.await(BOOT, () -> fleet.puppetRunDone(LINUX))).isTrue();
    OpenSsh.ok(fleet, LINUX, "touch /tmp/left-behind");
    int reboots = fleet.counters(LINUX).reboots();
    OpenSsh.Result r = OpenSsh.run(fleet, LINUX, "sudo -n reboot");
    assertThat(r.exit()).isEqualTo(255);
    assertThat(Fleet.await(Duration.ofSeconds(10), () -> fleet.counters(LINUX).reboots() == reboots + 1)).isTrue();
    assertThat(fleet.awaitSsh(LINUX, BOOT)).isTrue();
    String uptime = OpenSsh.ok(fleet, LINUX, "cut -d. -f1 /proc/uptime; ls /tmp");
    assertThat(Long.parseLong(uptime.lines().findFirst().orElseThrow())).isLessThan(60);
    assertThat(uptime).doesNotContain("left-behind");
    assertThat(Fleet.await(BOOT, () -> fleet.puppetRunDone(LINUX))).isTrue();
  }

  /**
   * A reboot must not wait for the JVM's common pool: on a 2-core machine that pool has one thread, and a
   * test reading a CLI's output there for a minute kept every rebooting Mac down for that minute.
   */
  @Test
  void aRebootCompletesWhileTheCommonPoolIsBusy(Fleet fleet) throws Exception {
    assertThat(fleet.awaitSsh(LINUX, BOOT)).isTrue();
    int boots = fleet.counters(LINUX).boots();
    int parallelism = ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch busy = new CountDownLatch(parallelism);
    AtomicBoolean release = new AtomicBoolean();
    for (int i = 0; i < parallelism; i++) {
      CompletableFuture.runAsync(() -> {
        busy.countDown();
        while (!release.get()) {
          LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // blocked the way a read is: no spare thread
        }
      });
    }
    try {
      assertThat(busy.await(30, TimeUnit.SECONDS)).as("every common-pool thread busy").isTrue();
      fleet.reboot(LINUX);
      assertThat(Fleet.await(Duration.ofSeconds(30), () -> fleet.counters(LINUX).boots() == boots + 1))
          .as("booted again while the common pool was busy").isTrue();
      assertThat(fleet.awaitSsh(LINUX, BOOT)).isTrue();
    } finally {
      release.set(true);
    }
  }

  @Test
  void hostWithoutSudoRightsRefusesSudo(Fleet fleet) throws Exception {
    fleet.fault(LINUX_2, "sudo=no");
    try {
      OpenSsh.Result r = OpenSsh.run(fleet, LINUX_2, "sudo -n true");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("a password is required");
    } finally {
      fleet.fault(LINUX_2, "sudo=yes");
    }
    assertThat(OpenSsh.run(fleet, LINUX_2, "sudo -n true").exit()).isZero();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
