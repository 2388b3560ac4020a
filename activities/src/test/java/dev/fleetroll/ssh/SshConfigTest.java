package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a configuration resolves; {@link SshConfigOpenSshTest} compares the same with {@code ssh -G}. */
class SshConfigTest {
  private static final Path HOME = Path.of("/home/op");

  private static final String CONFIG = """
      # fleet
      Host t-linux64-ms-* !t-linux64-ms-999
        HostName %h.test.releng.mdc1.mozilla.com
        User relops
        IdentityFile ~/.ssh/fleet_ed25519
        ProxyJump bastion

      Host bastion
        HostName bastion.example.org
        Port 2222
        User jump

      Host sim-*
        HostName 127.0.1.5
        Port=2201
        HostKeyAlias "Sim Host"
        UserKnownHostsFile /tmp/sim/known_hosts
        IdentitiesOnly yes
        ConnectTimeout 3

      Match host foo
        User nobody

      Host *
        User fallback
        IdentityFile ~/.ssh/id_default
        UserKnownHostsFile ~/.ssh/first /never/used
        UserKnownHostsFile /not/the/first/line
      """;

  private final SshConfig config = SshConfig.parse(CONFIG, HOME, "me");

  @Test
  void firstValueWinsIdentityFilesAccumulateAndTheJumpHostIsResolvedWithItsOwnBlock() {
    SshTarget t = config.resolve("t-linux64-ms-016");
    assertThat(t.hostName()).isEqualTo("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
    assertThat(t.user()).isEqualTo("relops");
    assertThat(t.port()).isEqualTo(22);
    assertThat(t.identityFiles()).containsExactly(HOME.resolve(".ssh/fleet_ed25519"), HOME.resolve(".ssh/id_default"));
    assertThat(t.identityFilesConfigured()).isTrue();
    // UserKnownHostsFile: the files of the first line, not the union of every line.
    assertThat(t.userKnownHostsFiles()).containsExactly(HOME.resolve(".ssh/first"), Path.of("/never/used"));
    assertThat(t.knownHostsName()).isEqualTo("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
    assertThat(t.proxyJump()).isEqualTo("bastion");
    assertThat(t.jump().hostName()).isEqualTo("bastion.example.org");
    assertThat(t.jump().port()).isEqualTo(2222);
    assertThat(t.jump().user()).isEqualTo("jump");
    assertThat(t.jump().jump()).isNull();
  }

  @Test
  void negatedPatternExcludesAHostAndHostPatternsAreCaseSensitive() {
    SshTarget t = config.resolve("t-linux64-ms-999");
    assertThat(t.hostName()).isEqualTo("t-linux64-ms-999");
    assertThat(t.user()).isEqualTo("fallback");
    assertThat(t.jump()).isNull();
    assertThat(config.resolve("T-LINUX64-MS-001").user()).isEqualTo("fallback");
    assertThat(config.resolve("T-LINUX64-MS-001").hostName()).isEqualTo("t-linux64-ms-001");
  }

  @Test
  void equalsSignQuotesPortAliasAndKnownHosts() {
    SshTarget t = config.resolve("sim-linux-001");
    assertThat(t.hostName()).isEqualTo("127.0.1.5");
    assertThat(t.port()).isEqualTo(2201);
    assertThat(t.hostKeyAlias()).isEqualTo("sim host");
    assertThat(t.knownHostsName()).isEqualTo("sim host");
    assertThat(t.userKnownHostsFiles()).containsExactly(Path.of("/tmp/sim/known_hosts"));
    assertThat(t.identitiesOnly()).isTrue();
    assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void explicitUserWinsAndMatchBlocksApply() {
    assertThat(config.resolve("admin@foo").user()).isEqualTo("admin");
    assertThat(config.resolve("foo").user()).isEqualTo("nobody");
    assertThat(config.resolve("bar").user()).isEqualTo("fallback");
  }

  @Test
  void nonStandardPortIsBracketedInKnownHostsName() {
    assertThat(config.resolve("bastion").knownHostsName()).isEqualTo("[bastion.example.org]:2222");
  }

  @Test
  void badValuesNameTheFileAndLine() {
    assertThatThrownBy(() -> SshConfig.parse("Host x\n  Port abc\n", HOME, "me"))
        .isInstanceOf(InputException.class).hasMessage("<config>:2: bad port 'abc'");
    assertThatThrownBy(() -> SshConfig.parse("Host x\n  User\n", HOME, "me"))
        .isInstanceOf(InputException.class).hasMessageContaining("<config>:2:");
    assertThatThrownBy(() -> SshConfig.parse("Host x\n  StrictHostKeyChecking maybe\n", HOME, "me"))
        .isInstanceOf(InputException.class).hasMessageStartingWith("<config>:2: StrictHostKeyChecking maybe");
  }

  @Test
  void whatFleetrollWouldNotFollowIsRefusedWithFileAndLineForTheHostsItAppliesTo() {
    SshConfig c = SshConfig.parse("""
        Host direct
          ProxyCommand none
        Host *.corp
          ProxyCommand nc -X connect %h %p
        Host trusting
          StrictHostKeyChecking no
        Host certified
          CertificateFile ~/.ssh/id_ed25519-cert.pub
        """, HOME, "me");
    assertThat(c.resolve("direct").jump()).isNull(); // ProxyCommand none is no proxy, and the first value wins
    assertThat(c.resolve("other").jump()).isNull();
    assertThatThrownBy(() -> c.resolve("a.corp")).isInstanceOf(InputException.class)
        .hasMessageStartingWith("<config>:4: ProxyCommand is not supported").hasMessageContaining("a.corp");
    assertThatThrownBy(() -> c.resolve("trusting")).hasMessageStartingWith("<config>:6: StrictHostKeyChecking no");
    assertThatThrownBy(() -> c.resolve("certified")).hasMessageStartingWith("<config>:8: CertificateFile is not supported");
  }

  @Test
  void unknownOptionsAndMatchExecConcernEveryHostAsInSsh() {
    // ssh refuses a file with an unknown keyword whatever block it is in, and runs Match exec for every host.
    SshConfig unknown = SshConfig.parse("Host odd\n  FrobnicateHosts yes\n", HOME, "me");
    assertThatThrownBy(() -> unknown.resolve("other")).hasMessageStartingWith("<config>:2: unknown SSH option 'FrobnicateHosts'");
    SshConfig ignoring = SshConfig.parse("IgnoreUnknown Frob*\nFrobnicateHosts yes\nUseKeychain yes\n", HOME, "me");
    assertThat(ignoring.resolve("any").user()).isEqualTo("me");
    SshConfig exec = SshConfig.parse("Match host a* exec \"test -f /tmp/x\"\n  User x\n", HOME, "me");
    assertThatThrownBy(() -> exec.resolve("abc")).hasMessageStartingWith("<config>:1: 'Match exec' is not supported");
    assertThat(exec.resolve("b").user()).as("ssh does not run exec once the line cannot match").isEqualTo("me");
  }

  @Test
  void includeKeepsItsOwnBlockStateAndInactiveBlocksIncludeNothing(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fleet.conf"), """
        User from-include
        Host included
          Port 2200
        """);
    SshConfig c = SshConfig.parse("""
        Host a
          Include %s/fleet.*
          HostName a.example
        Host b
          Port 2300
        Host *
          User last
        """.formatted(dir), HOME, "me");
    SshTarget a = c.resolve("a");
    assertThat(a.user()).isEqualTo("from-include");
    assertThat(a.hostName()).as("lines after an Include belong to the including block").isEqualTo("a.example");
    assertThat(c.resolve("included").port()).as("the Include sits in an inactive block").isEqualTo(22);
    assertThat(c.resolve("included").user()).isEqualTo("last");
  }

  @Test
  void tokensEnvironmentAndTildeExpand() {
    SshConfig c = SshConfig.parse("""
        Host x
          HostName X.Example
          UserKnownHostsFile ~/kh/%h-%p-%r-%n ${STATE}/known_hosts
          IdentityAgent ${XDG}/agent.sock
        """, HOME, "me", Map.of("STATE", "/var/state", "XDG", "/run/user/7"));
    SshTarget t = c.resolve("x");
    assertThat(t.userKnownHostsFiles()).containsExactly(HOME.resolve("kh/x.example-22-me-x"),
        Path.of("/var/state/known_hosts"));
    assertThat(t.identityAgent()).isEqualTo(Path.of("/run/user/7/agent.sock"));
    assertThatThrownBy(() -> SshConfig.parse("Host y\n UserKnownHostsFile ${NOPE}/kh\n", HOME, "me").resolve("y"))
        .hasMessage("<config>:2: environment variable NOPE is not set");
  }

  @Test
  void aJumpHostLoopIsRefused() {
    SshConfig c = SshConfig.parse("Host *\n  ProxyJump bastion\n", HOME, "me");
    assertThatThrownBy(() -> c.resolve("bastion")).hasMessage("<config>:2: ProxyJump bastion: jumphost loop via bastion");
    SshConfig deep = SshConfig.parse("Host bastion\n  HostName 10.0.0.1\nHost *\n  ProxyJump bastion\n", HOME, "me");
    assertThatThrownBy(() -> deep.resolve("x")).hasMessageContaining("more than 8 jump hosts");
  }

  @Test
  void acceptNewAndAlgorithms() {
    SshConfig c = SshConfig.parse("""
        Host x
          StrictHostKeyChecking accept-new
          Ciphers -aes128*,3des*
          MACs ^hmac-sha2-512
        """, HOME, "me");
    SshTarget t = c.resolve("x");
    assertThat(t.acceptNewHostKeys()).isTrue();
    assertThat(t.algorithms().ciphers()).containsExactly("chacha20-poly1305@openssh.com", "aes192-ctr", "aes256-ctr",
        "aes256-gcm@openssh.com");
    assertThat(t.algorithms().macs().get(0)).isEqualTo("hmac-sha2-512");
    assertThat(c.resolve("y").acceptNewHostKeys()).isFalse();
  }
}
