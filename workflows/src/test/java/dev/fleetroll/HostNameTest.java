package dev.fleetroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostNameTest {

  @Test
  void everySpellingOfAHostIsOneName() {
    String fqdn = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";

    assertThat(HostName.canonical(fqdn, "test.releng.mdc1.mozilla.com")).isEqualTo(fqdn);
    assertThat(HostName.canonical("t-linux64-ms-001", "test.releng.mdc1.mozilla.com")).isEqualTo(fqdn);
    assertThat(HostName.canonical("T-Linux64-MS-001", ".TEST.releng.mdc1.mozilla.com")).isEqualTo(fqdn);
    assertThat(HostName.canonical("T-LINUX64-MS-001.Test.Releng.Mdc1.Mozilla.Com", "other.example")).isEqualTo(fqdn);
  }

  @Test
  void addressesStayAddresses() {
    assertThat(HostName.canonical("10.0.0.1", "example.com")).isEqualTo("10.0.0.1");
    assertThat(HostName.canonical("[::1]", "example.com")).isEqualTo("[::1]");
    assertThat(HostName.canonical("[FE80::1]", "example.com")).isEqualTo("[fe80::1]");
  }

  @Test
  void aUserPartIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> HostName.canonical("root@t-linux64-ms-001", "example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'root@t-linux64-ms-001': name the host without 'root@' (Fleetroll knows a host by its name; the"
            + " SSH config's User says whom to log in as)");
  }

  @Test
  void syntax() {
    assertThat(HostName.problem("t-linux64-ms-016.test.releng.mdc1.mozilla.com")).isNull();
    assertThat(HostName.problem("macmini-r8-001")).isNull();
    assertThat(HostName.problem("255.255.255.255")).isNull();
    assertThat(HostName.problem("300.0.0.1")).isEqualTo("'300.0.0.1' is not a valid host name");
    assertThat(HostName.problem("42")).as("a number is no host name").isNotNull();
    assertThat(HostName.problem("host..example")).isNotNull();
    assertThat(HostName.problem("host.example.")).isNotNull();
    assertThat(HostName.problem("-bad")).isNotNull();
    assertThat(HostName.problem("a".repeat(64) + ".example")).as("a label has at most 63 characters").isNotNull();
    assertThat(HostName.problem("a\u0000b")).isEqualTo("'a\\u0000b' is not a valid host name");
    assertThat(HostName.problem("")).isNotNull();
  }

  @Test
  void theFleetsDomainComesFromTheEnvironmentOrIsTheMvps() {
    assertThat(HostName.fleetDomain(Map.of())).isEqualTo("test.releng.mdc1.mozilla.com");
    assertThat(HostName.fleetDomain(Map.of("FLEETROLL_DOMAIN", ".Releng.MDC2.mozilla.com")))
        .isEqualTo("releng.mdc2.mozilla.com");
    assertThatThrownBy(() -> HostName.fleetDomain(Map.of("FLEETROLL_DOMAIN", "not a domain")))
        .isInstanceOf(InputException.class).hasMessage("FLEETROLL_DOMAIN: 'not a domain' is not a domain name");
  }

  @Test
  void theShortNameIsTheFirstLabel() {
    assertThat(HostName.shortName("t-linux64-ms-001.test.releng.mdc1.mozilla.com")).isEqualTo("t-linux64-ms-001");
    assertThat(HostName.shortName("10.0.0.1")).isEqualTo("10.0.0.1");
  }
}
