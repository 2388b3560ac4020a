package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
        HostKeyAlias "sim host"
        UserKnownHostsFile /tmp/sim/known_hosts
        IdentitiesOnly yes
        ConnectTimeout 3

      Match host foo
        User nobody

      Host *
        User fallback
        IdentityFile ~/.ssh/id_default
      """;

  private final SshConfig config = SshConfig.parse(CONFIG, HOME, "me");

  @Test
  void firstValueWinsAndIdentityFilesAccumulate() {
    SshTarget t = config.resolve("t-linux64-ms-016");
    assertThat(t.hostName()).isEqualTo("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
    assertThat(t.user()).isEqualTo("relops");
    assertThat(t.port()).isEqualTo(22);
    assertThat(t.proxyJump()).isEqualTo("bastion");
    assertThat(t.identityFiles()).containsExactly(HOME.resolve(".ssh/fleet_ed25519"), HOME.resolve(".ssh/id_default"));
    assertThat(t.userKnownHostsFiles()).containsExactly(HOME.resolve(".ssh/known_hosts"), HOME.resolve(".ssh/known_hosts2"));
    assertThat(t.knownHostsName()).isEqualTo("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
  }

  @Test
  void negatedPatternExcludesAHost() {
    SshTarget t = config.resolve("t-linux64-ms-999");
    assertThat(t.hostName()).isEqualTo("t-linux64-ms-999");
    assertThat(t.user()).isEqualTo("fallback");
    assertThat(t.proxyJump()).isNull();
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
    assertThat(t.connectTimeoutSeconds()).isEqualTo(3);
  }

  @Test
  void explicitUserWinsAndMatchBlocksAreSkipped() {
    SshTarget t = config.resolve("admin@foo");
    assertThat(t.user()).isEqualTo("admin");
    assertThat(config.resolve("foo").user()).isEqualTo("fallback");
  }

  @Test
  void nonStandardPortIsBracketedInKnownHostsName() {
    assertThat(config.resolve("bastion").knownHostsName()).isEqualTo("[bastion.example.org]:2222");
  }

  @Test
  void badPortNamesTheLineAndHost() {
    SshConfig bad = SshConfig.parse("Host x\n  Port abc\n", HOME, "me");
    assertThatThrownBy(() -> bad.resolve("x")).isInstanceOf(InputException.class).hasMessageContaining("Port 'abc'");
    assertThatThrownBy(() -> SshConfig.parse("Host x\n  User\n", HOME, "me"))
        .isInstanceOf(InputException.class).hasMessageContaining(":2:");
  }
}
