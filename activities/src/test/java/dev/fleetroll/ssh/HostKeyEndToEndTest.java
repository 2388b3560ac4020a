package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.junit.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against real sshd hosts: a changed key (a re-imaged host, or a key of another type) is
 * refused even when new keys are accepted, and known_hosts is appended to as ssh appends to it. Each
 * test works on its own copy of the fleet's known_hosts.
 */
@SimulatedFleet(linux = 3, mac = 0)
class HostKeyEndToEndTest {
  private static final String LINUX_1 = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String LINUX_2 = "t-linux64-ms-002.test.releng.mdc1.mozilla.com";
  private static final String LINUX_3 = "t-linux64-ms-003.test.releng.mdc1.mozilla.com";

  @TempDir Path dir;

  /** The fleet's ssh_config with its known_hosts replaced by {@code knownHosts}. */
  private Path config(Fleet fleet, Path knownHosts) throws Exception {
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().knownHosts().toString(), knownHosts.toString()));
    return config;
  }

  private static SshSessions accepting(Path config, List<String> accepted) {
    return new SshSessions(SshConfig.load(config), SshOptions.defaults().withAcceptNewHostKeys(true),
        (host, name, type, fingerprint, file) -> accepted.add(host + " " + fingerprint), null);
  }

  @Test
  void aChangedKeyIsRefusedEvenWhenNewKeysAreAcceptedAndKnownHostsIsLeftAlone(Fleet fleet) throws Exception {
    // LINUX_1 known under LINUX_2's key: to Fleetroll, LINUX_1 now presents a changed key.
    String other = Files.readAllLines(fleet.files().knownHosts()).stream()
        .filter(l -> l.startsWith(LINUX_2 + ",")).findFirst().orElseThrow();
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), LINUX_1 + other.substring(other.indexOf(' ')) + "\n");
    String before = Files.readString(knownHosts);
    List<String> accepted = new ArrayList<>();
    try (SshSessions ssh = accepting(config(fleet, knownHosts), accepted)) {
      assertThatThrownBy(() -> ssh.run(LINUX_1, "true")).isInstanceOf(HostKeyException.class)
          .hasMessageContaining("HOST KEY CHANGED for " + LINUX_1)
          .hasMessageContaining("presents ED25519 key " + fleet.hostKeyFingerprint(LINUX_1))
          .hasMessageContaining("known_hosts has ED25519 key " + fleet.hostKeyFingerprint(LINUX_2) + " in " + knownHosts + ":1")
          .hasMessageContaining("ssh-keygen -R " + LINUX_1 + " -f " + knownHosts);
    }
    assertThat(accepted).isEmpty();
    assertThat(Files.readString(knownHosts)).isEqualTo(before);
  }

  @Test
  void aKeyOfAnotherTypeForAKnownHostIsAChangedKey(Fleet fleet) throws Exception {
    Path rsa = dir.resolve("rsa");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString())
        .redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).isZero();
    String[] pub = Files.readString(rsa.resolveSibling("rsa.pub")).split(" ");
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), LINUX_1 + " " + pub[0] + " " + pub[1] + "\n");
    List<String> accepted = new ArrayList<>();
    try (SshSessions ssh = accepting(config(fleet, knownHosts), accepted)) {
      assertThatThrownBy(() -> ssh.run(LINUX_1, "true")).isInstanceOf(HostKeyException.class)
          .hasMessageContaining("HOST KEY CHANGED").hasMessageContaining("known_hosts has RSA key");
    }
    assertThat(accepted).isEmpty();
    assertThat(Files.readAllLines(knownHosts)).hasSize(1);
  }

  @Test
  void aNewKeyIsAppendedAsSshAppendsIt(Fleet fleet) throws Exception {
    Path real = Files.writeString(dir.resolve("real_known_hosts"), "# the operator's own lines\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
    Object inode = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
    Path link = Files.createSymbolicLink(dir.resolve("known_hosts"), real);
    List<String> accepted = new ArrayList<>();
    try (SshSessions ssh = accepting(config(fleet, link), accepted)) {
      assertThat(ssh.run(LINUX_1, "true").succeeded()).isTrue();
    }
    assertThat(accepted).containsExactly(LINUX_1 + " " + fleet.hostKeyFingerprint(LINUX_1));
    assertThat(Files.isSymbolicLink(link)).as("the link is followed, not replaced").isTrue();
    assertThat(Files.readAttributes(real, BasicFileAttributes.class).fileKey()).as("appended in place").isEqualTo(inode);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
    List<String> lines = Files.readAllLines(real);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("# the operator's own lines");
    assertThat(lines.get(1)).startsWith(LINUX_1 + " ssh-ed25519 ");
  }

  @Test
  void aKnownHostsFileThatIsNotARegularFileIsNeverWritten(Fleet fleet) throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("known_hosts"), Path.of("/dev/null"));
    List<String> accepted = new ArrayList<>();
    try (SshSessions ssh = accepting(config(fleet, link), accepted)) {
      assertThatThrownBy(() -> ssh.run(LINUX_1, "true")).isInstanceOf(HostKeyException.class)
          .hasMessageContaining("cannot record the new key").hasMessageContaining("not a regular file");
    }
    assertThat(accepted).isEmpty();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/dev/null"));
  }

  @Test
  void acceptNewInTheConfigRecordsAnUnknownKeyAndReportsIt(Fleet fleet) throws Exception {
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
    Path config = config(fleet, knownHosts);
    Files.writeString(config, Files.readString(config).replace("StrictHostKeyChecking yes", "StrictHostKeyChecking accept-new"));
    List<String> accepted = new ArrayList<>();
    try (SshSessions ssh = new SshSessions(SshConfig.load(config), SshOptions.defaults(),
        (host, name, type, fingerprint, file) -> accepted.add(host + " " + type + " " + fingerprint + " " + file), null)) {
      assertThat(ssh.run(LINUX_1, "true").succeeded()).isTrue();
    }
    assertThat(accepted).containsExactly(LINUX_1 + " ssh-ed25519 " + fleet.hostKeyFingerprint(LINUX_1) + " " + knownHosts);
  }

  /**
   * A re-image ({@code sim fault HOST hostkey=new}): refused with both fingerprints; once the operator
   * has checked the new one and run the {@code ssh-keygen -R} line given, it is accepted once.
   */
  @Test
  void aReimagedHostIsRefusedUntilTheOperatorRemovesTheOldKey(Fleet fleet) throws Exception {
    Path knownHosts = Files.copy(fleet.files().knownHosts(), dir.resolve("known_hosts"));
    Path config = config(fleet, knownHosts);
    String old = fleet.hostKeyFingerprint(LINUX_3);
    fleet.fault(LINUX_3, "hostkey=new");
    String fresh = fleet.hostKeyFingerprint(LINUX_3);
    assertThat(fresh).isNotEqualTo(old);
    List<String> accepted = new ArrayList<>();
    String message;
    try (SshSessions ssh = accepting(config, accepted)) {
      HostKeyException refused = org.junit.jupiter.api.Assertions.assertThrows(HostKeyException.class,
          () -> ssh.run(LINUX_3, "true"));
      message = refused.getMessage();
      assertThat(ssh.run(LINUX_1, "true").succeeded()).as("the other hosts are not affected").isTrue();
    }
    assertThat(message).contains("presents ED25519 key " + fresh, "known_hosts has ED25519 key " + old);
    assertThat(accepted).isEmpty();
    Matcher command = Pattern.compile("'(ssh-keygen -R [^']+)'").matcher(message);
    assertThat(command.find()).as(message).isTrue();
    Process keygen = new ProcessBuilder(List.of(command.group(1).split(" "))).redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).isZero();
    try (SshSessions ssh = accepting(config, accepted)) {
      assertThat(ssh.run(LINUX_3, "true").succeeded()).isTrue();
    }
    assertThat(accepted).containsExactly(LINUX_3 + " " + fresh);
  }
}
