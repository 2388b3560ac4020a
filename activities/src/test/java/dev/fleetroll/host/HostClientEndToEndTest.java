package dev.fleetroll.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.Sha;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.HostCounters;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleet;
import dev.fleetroll.ssh.AuthenticationFailedException;
import dev.fleetroll.ssh.HostKeyException;
import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.HostUnreachableException;
import dev.fleetroll.ssh.SshAgent;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshFailure;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host layer against real sshd hosts of the simulated fleet: what each operation leaves on the
 * host (read back through the simulator) and how each fault surfaces.
 */
@SimulatedFleet(linux = 2, mac = 1)
class HostClientEndToEndTest {
  private static final String LINUX = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String LINUX_2 = "t-linux64-ms-002.test.releng.mdc1.mozilla.com";
  private static final String MAC = "macmini-r8-001.test.releng.mdc1.mozilla.com";
  private static final String OVERRIDE = """
      # e2e
      PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'
      PUPPET_BRANCH='master'
      """;

  private SshSessions ssh;
  private HostClient hosts;

  @BeforeEach
  void connect(Fleet fleet) {
    ssh = new SshSessions(SshConfig.load(fleet.files().sshConfig()),
        new SshOptions(Duration.ofSeconds(10), Duration.ofSeconds(120), false), HostKeyListener.NONE);
    hosts = new HostClient(ssh);
  }

  @AfterEach
  void disconnect(Fleet fleet) {
    ssh.close();
    for (SimHost h : fleet.hosts()) {
      fleet.fault(h.name(), "clear");
    }
  }

  @Test
  void auditReportsWhatEachHostReallyHas(Fleet fleet) {
    for (SimHost h : fleet.hosts()) {
      HostAudit a = hosts.audit(h.name());
      assertThat(a.role()).isEqualTo(h.role());
      assertThat(a.os()).isEqualTo(h.os() == dev.fleetroll.sim.Os.MAC ? HostOs.MACOS : HostOs.LINUX);
      // The fleet booted minutes ago: a wrong boot time (e.g. usec read as sec) shows up as years.
      assertThat(a.uptimeSeconds()).isNotNull().isBetween(0L, 86_400L);
      String onHost = fleet.readFile(h.name(), a.os().overridePath());
      assertThat(a.override().present()).isEqualTo(onHost != null);
      if (onHost != null) {
        assertThat(a.overrideContent()).isEqualTo(onHost);
        assertThat(a.override().sha256()).isEqualTo(Sha.sha256(onHost.getBytes(StandardCharsets.UTF_8)));
      }
      String metadata = fleet.readFile(h.name(), a.os().puppetMetadataPath());
      if (metadata != null) {
        assertThat(a.puppet().source()).isEqualTo("metadata");
        assertThat(metadata).contains(a.puppet().gitSha());
      }
    }
  }

  @Test
  void writeIsAtomicIdempotentGuardedAndBackedUp(Fleet fleet) {
    for (String host : List.of(LINUX_2, MAC)) {
      HostOs os = hosts.audit(host).os();
      hosts.removeOverride(host, false, 3);
      HostCounters before = fleet.counters(host);

      HostClient.WriteResult first = hosts.writeOverride(host, HostClient.FileWrite.of(OVERRIDE, false));
      assertThat(first.changed()).isTrue();
      assertThat(first.path()).isEqualTo(os.overridePath());
      assertThat(fleet.readFile(host, os.overridePath())).isEqualTo(OVERRIDE);
      assertThat(fleet.counters(host).overrideWrites()).isEqualTo(before.overrideWrites() + 1);
      HostAudit audited = hosts.audit(host);
      assertThat(audited.override().mode()).isEqualTo("644");
      assertThat(audited.override().owner()).isEqualTo("root");
      assertThat(audited.override().group()).isEqualTo(os.adminGroup());

      HostClient.WriteResult again = hosts.writeOverride(host, HostClient.FileWrite.of(OVERRIDE, false));
      assertThat(again.changed()).isFalse();
      assertThat(fleet.counters(host).overrideWrites()).isEqualTo(before.overrideWrites() + 1);

      String other = OVERRIDE.replace("master", "other");
      HostClient.WriteResult blocked = hosts.writeOverride(host, HostClient.FileWrite.of(other, false));
      assertThat(blocked.blocked()).isTrue();
      assertThat(fleet.readFile(host, os.overridePath())).isEqualTo(OVERRIDE);

      HostClient.WriteResult forced = hosts.writeOverride(host, HostClient.FileWrite.of(other, true));
      assertThat(forced.changed()).isTrue();
      assertThat(forced.backupPath()).startsWith(os.overridePath() + ".bak.");
      assertThat(fleet.readFile(host, forced.backupPath())).isEqualTo(OVERRIDE);
      assertThat(fleet.readFile(host, os.overridePath())).isEqualTo(other);

      HostClient.RemoveResult removed = hosts.removeOverride(host, true, 3);
      assertThat(removed.removed()).isTrue();
      assertThat(fleet.readFile(host, os.overridePath())).isNull();
      assertThat(fleet.readFile(host, removed.backupPath())).isEqualTo(other);
      assertThat(hosts.removeOverride(host, true, 3).removed()).isFalse();
    }
  }

  @Test
  void keepsOnlyTheNewestBackups(Fleet fleet) throws Exception {
    String host = LINUX_2;
    hosts.removeOverride(host, false, 2);
    List<String> backups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HostClient.WriteResult r = hosts.writeOverride(host, new HostClient.FileWrite(
          ("PUPPET_BRANCH='b" + i + "'\n").getBytes(StandardCharsets.UTF_8), true, true, 2, "root", null, "0644"));
      if (r.backupPath() != null) {
        backups.add(r.backupPath());
      }
      Thread.sleep(1100); // backup names carry the second
    }
    assertThat(backups).hasSize(3);
    assertThat(fleet.readFile(host, backups.get(0))).isNull();
    assertThat(fleet.readFile(host, backups.get(1))).isEqualTo("PUPPET_BRANCH='b1'\n");
    assertThat(fleet.readFile(host, backups.get(2))).isEqualTo("PUPPET_BRANCH='b2'\n");
    hosts.removeOverride(host, false, 2);
  }

  @Test
  void puppetRunAppliesTheOverrideAndReportsFailure(Fleet fleet) {
    String host = LINUX;
    hosts.writeOverride(host, HostClient.FileWrite.of(OVERRIDE, true));
    int runs = fleet.counters(host).puppetRuns();
    HostClient.PuppetRun run = hosts.runPuppet(host, Duration.ofMinutes(5));
    assertThat(run.succeeded()).isTrue();
    assertThat(fleet.counters(host).puppetRuns()).isEqualTo(runs + 1);
    HostAudit after = hosts.audit(host);
    assertThat(after.puppet().overrideSha()).isEqualTo(after.override().sha256());
    assertThat(after.overrideApplied()).isTrue();

    fleet.fault(host, "puppet=fail");
    HostClient.PuppetRun failed = hosts.runPuppet(host, Duration.ofMinutes(5));
    assertThat(failed.succeeded()).isFalse();
    assertThat(fleet.counters(host).puppetRuns()).isEqualTo(runs + 2);
    assertThat(hosts.audit(host).puppet().success()).isFalse();
    hosts.removeOverride(host, false, 3);
  }

  @Test
  void faultsSurfaceAsTypedFailures(Fleet fleet) {
    String host = LINUX_2;
    fleet.fault(host, "sudo=no");
    assertThatThrownBy(() -> hosts.audit(host)).isInstanceOf(NoSudoException.class)
        .satisfies(e -> assertThat(((NoSudoException) e).failure()).isEqualTo(SshFailure.NO_SUDO));
    fleet.fault(host, "clear");

    hosts.removeOverride(host, false, 3);
    fleet.fault(host, "fs=ro");
    assertThatThrownBy(() -> hosts.writeOverride(host, HostClient.FileWrite.of(OVERRIDE, false)))
        .isInstanceOf(ReadOnlyFilesystemException.class);
    fleet.fault(host, "clear");
    assertThat(fleet.readFile(host, HostOs.LINUX.overridePath())).isNull();
    assertThat(hosts.audit(host).override().present()).isFalse();

    ssh.disconnect(host);
    fleet.fault(host, "ssh=refused");
    assertThatThrownBy(() -> hosts.audit(host)).isInstanceOf(HostUnreachableException.class);
  }

  @Test
  void unknownAndChangedHostKeysAreRefusedUnlessAccepted(Fleet fleet, @TempDir Path dir) throws Exception {
    Path config = dir.resolve("ssh_config");
    Path knownHosts = dir.resolve("known_hosts");
    String text = Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().knownHosts().toString(), knownHosts.toString());
    Files.writeString(config, text);
    try (SshSessions strict = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE)) {
      assertThatThrownBy(() -> strict.run(LINUX, "true")).isInstanceOf(HostKeyException.class)
          .hasMessageContaining("--accept-new-host-keys");
    }
    List<String> accepted = new ArrayList<>();
    try (SshSessions accepting = new SshSessions(SshConfig.load(config), SshOptions.defaults().withAcceptNewHostKeys(true),
        (host, name, fingerprint, replaced, file) -> accepted.add(host + " " + fingerprint))) {
      assertThat(accepting.run(LINUX, "true").succeeded()).isTrue();
    }
    assertThat(accepted).hasSize(1);
    try (SshSessions strict = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE)) {
      assertThat(strict.run(LINUX, "true").succeeded()).isTrue();
    }
    // Another host's key under this host's name: a changed key.
    String line = Files.readString(knownHosts).strip();
    String otherKey = Files.readAllLines(fleet.files().knownHosts()).stream()
        .filter(l -> l.startsWith(MAC + " ") || l.startsWith(MAC + ",")).findFirst().orElseThrow();
    Files.writeString(knownHosts, line.split(" ")[0] + " " + otherKey.substring(otherKey.indexOf(' ') + 1) + "\n");
    try (SshSessions strict = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE)) {
      assertThatThrownBy(() -> strict.run(LINUX, "true")).isInstanceOf(HostKeyException.class)
          .hasMessageContaining("HOST KEY CHANGED");
    }
  }

  @Test
  void aKeyTheHostDoesNotKnowIsAnAuthenticationFailure(Fleet fleet, @TempDir Path dir) throws Exception {
    Path stranger = dir.resolve("stranger");
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().clientKey().toString(), stranger.toString()));
    try (SshSessions s = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE)) {
      assertThatThrownBy(() -> s.run(LINUX, "true")).isInstanceOf(AuthenticationFailedException.class);
    }
  }

  @Test
  void keysFromSshAgentAuthenticate(Fleet fleet, @TempDir Path dir) throws Exception {
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    try {
      assertThat(Fleet.await(Duration.ofSeconds(10), () -> Files.exists(socket))).isTrue();
      ProcessBuilder add = new ProcessBuilder("ssh-add", fleet.files().clientKey().toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process added = add.start();
      assertThat(added.waitFor()).as(new String(added.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
      // The fleet's config without its IdentityFile and IdentitiesOnly: only the agent has the key.
      Path config = dir.resolve("ssh_config");
      Files.writeString(config, Files.readString(fleet.files().sshConfig()).lines()
          .filter(l -> !l.strip().startsWith("IdentityFile") && !l.strip().startsWith("IdentitiesOnly"))
          .collect(java.util.stream.Collectors.joining("\n")) + "\n");
      SshAgent sshAgent = new SshAgent(socket);
      assertThat(sshAgent.identities()).hasSize(1);
      try (SshSessions s = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE, sshAgent)) {
        assertThat(s.run(LINUX, "id -un").stdout().strip()).isEqualTo(Fleet.USER);
      }
      try (SshSessions s = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE, null)) {
        assertThatThrownBy(() -> s.run(LINUX, "true")).isInstanceOf(AuthenticationFailedException.class);
      }
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  @Test
  void rebootIsCountedOnTheHostAndTheSameSessionsReconnect(Fleet fleet) {
    String host = LINUX_2;
    hosts.audit(host); // keeps a connection open that the reboot will kill
    int reboots = fleet.counters(host).reboots();
    hosts.reboot(host);
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.counters(host).reboots() == reboots + 1)).isTrue();
    assertThat(fleet.awaitSsh(host, Duration.ofSeconds(120))).isTrue();
    HostAudit after = hosts.audit(host);
    assertThat(after.uptimeSeconds()).isLessThan(120);

    // Power-cycled behind our back while we hold a connection: the next command connects again. The power cut
    // comes a moment after reboot() returns (under load, long enough for sshd to answer once more): wait for it.
    int before = fleet.counters(host).reboots();
    fleet.reboot(host);
    assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.counters(host).reboots() == before + 1)).isTrue();
    assertThat(fleet.awaitSsh(host, Duration.ofSeconds(120))).isTrue();
    assertThat(hosts.audit(host).role()).isEqualTo(fleet.host(host).role());
  }

  @Test
  void proxyJumpReachesANameOnlyTheJumpHostCanResolve(Fleet fleet, @TempDir Path dir) throws Exception {
    // "t-linux64-ms-002" resolves only inside that host (its /etc/hosts), so only a jump through it works.
    String block = String.join("\n",
        "Host behind-jump",
        "  HostName t-linux64-ms-002",
        "  User " + Fleet.USER,
        "  IdentityFile " + fleet.files().clientKey(),
        "  IdentitiesOnly yes",
        "  HostKeyAlias " + LINUX_2,
        "  UserKnownHostsFile " + fleet.files().knownHosts(),
        "  ProxyJump " + LINUX_2,
        "");
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, block + Files.readString(fleet.files().sshConfig()));
    try (SshSessions s = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE, null)) {
      assertThat(s.run("behind-jump", "hostname").stdout().strip()).isEqualTo("t-linux64-ms-002");
    }
    Files.writeString(config, block.replace("  ProxyJump " + LINUX_2 + "\n", "") + Files.readString(fleet.files().sshConfig()));
    try (SshSessions s = new SshSessions(SshConfig.load(config), SshOptions.defaults(), HostKeyListener.NONE, null)) {
      assertThatThrownBy(() -> s.run("behind-jump", "hostname")).isInstanceOf(HostUnreachableException.class)
          .hasMessageContaining("cannot resolve");
    }
  }
}
