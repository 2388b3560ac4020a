package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostArgumentsTest {
  private static final String DOMAIN = "test.releng.mdc1.mozilla.com";

  @TempDir Path dir;

  @Test
  void readsListsWithCommentsAndFqdnDirective() throws Exception {
    Path list = dir.resolve("canary.list");
    Files.writeString(list, """
        # AUTO-GENERATED
        # fqdn: .test.releng.mdc1.mozilla.com
        t-linux64-ms-016
          t-linux64-ms-046   # the silent one
        T-Linux64-MS-047\t# tab before the comment

        macmini-r8-001.other.example.com
        """);
    assertThat(HostArguments.parse(List.of(list.toString(), "h1.example.com,10.0.0.1"), "fleet.example.com"))
        .containsExactly("t-linux64-ms-016.test.releng.mdc1.mozilla.com", "t-linux64-ms-046.test.releng.mdc1.mozilla.com",
            "t-linux64-ms-047.test.releng.mdc1.mozilla.com", "macmini-r8-001.other.example.com", "h1.example.com",
            "10.0.0.1");
  }

  @Test
  void shortNamesGetTheirListsDomainElseTheFleets() throws Exception {
    Path withDirective = Files.writeString(dir.resolve("a.list"), "# fqdn: mdc2.example.com\nhost-1\n");
    Path without = Files.writeString(dir.resolve("b.list"), "host-2\n");

    assertThat(HostArguments.parse(List.of(withDirective.toString(), without.toString(), "host-3"), "mdc1.example.com"))
        .containsExactly("host-1.mdc2.example.com", "host-2.mdc1.example.com", "host-3.mdc1.example.com");
  }

  @Test
  void oneHostInAnySpellingIsNamedOnce() throws Exception {
    Path list = Files.writeString(dir.resolve("twice.list"), """
        t-linux64-ms-001.test.releng.mdc1.mozilla.com
        t-linux64-ms-001
        T-LINUX64-MS-001.TEST.RELENG.MDC1.MOZILLA.COM
        """);

    assertThatThrownBy(() -> HostArguments.parse(List.of(list.toString(), "t-linux64-ms-001"), DOMAIN))
        .isInstanceOf(InputException.class)
        .hasMessage(list + ":2: 't-linux64-ms-001' is t-linux64-ms-001.test.releng.mdc1.mozilla.com, already named at "
            + list + ":1 (a host is named once); " + list + ":3: 'T-LINUX64-MS-001.TEST.RELENG.MDC1.MOZILLA.COM' is"
            + " t-linux64-ms-001.test.releng.mdc1.mozilla.com, already named at " + list + ":1 (a host is named once);"
            + " argument 't-linux64-ms-001': 't-linux64-ms-001' is t-linux64-ms-001.test.releng.mdc1.mozilla.com,"
            + " already named at " + list + ":1 (a host is named once)");
  }

  @Test
  void aUserPartIsRefusedNotDropped() throws Exception {
    Path list = Files.writeString(dir.resolve("users.list"), "relops@t-linux64-ms-002\n");

    assertThatThrownBy(() -> HostArguments.parse(List.of("root@t-linux64-ms-001", list.toString()), DOMAIN))
        .isInstanceOf(InputException.class)
        .hasMessage("argument 'root@t-linux64-ms-001': 'root@t-linux64-ms-001': name the host without 'root@'"
            + " (Fleetroll knows a host by its name; the SSH config's User says whom to log in as); " + list + ":1:"
            + " 'relops@t-linux64-ms-002': name the host without 'relops@' (Fleetroll knows a host by its name; the SSH"
            + " config's User says whom to log in as)");
  }

  @Test
  void everyProblemIsReportedWithFileAndLine() throws Exception {
    Path list = dir.resolve("bad.list");
    Files.writeString(list, "h1\nnot a host\nH1\n-bad-\nnul\u0000byte\n");
    assertThatThrownBy(() -> HostArguments.parse(List.of(list.toString()), DOMAIN))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(list + ":2: 'not a host' is not a valid host name")
        .hasMessageContaining(list + ":3: 'H1' is h1." + DOMAIN + ", already named at " + list + ":1")
        .hasMessageContaining(list + ":4: '-bad-' is not a valid host name")
        .hasMessageContaining(list + ":5: 'nul\\u0000byte' is not a valid host name");
  }

  @Test
  void contradictoryOrInvalidFqdnDirectivesAreRefused() throws Exception {
    Path two = Files.writeString(dir.resolve("two.list"), "# fqdn: mdc1.example.com\na\n# fqdn: .MDC1.example.com\n"
        + "# fqdn: mdc2.example.com\nb\n");
    Path bad = Files.writeString(dir.resolve("bad.list"), "# fqdn: not a domain\na\n");

    assertThatThrownBy(() -> HostArguments.parse(List.of(two.toString()), DOMAIN))
        .hasMessage(two + ":4: # fqdn: mdc2.example.com contradicts line 1 (mdc1.example.com): which domain would the"
            + " short names get?");
    assertThatThrownBy(() -> HostArguments.parse(List.of(bad.toString()), DOMAIN))
        .hasMessage(bad + ":1: # fqdn: 'not a domain' is not a domain name");
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndingsAreNotPartOfAName() throws Exception {
    Path list = Files.writeString(dir.resolve("windows.list"), "\uFEFFhost-1\r\nhost-2\r\n");

    assertThat(HostArguments.parse(List.of(list.toString()), "example.com"))
        .containsExactly("host-1.example.com", "host-2.example.com");
  }

  @Test
  void emptyAndMissingListsAreErrors() throws Exception {
    Path empty = dir.resolve("empty.list");
    Files.writeString(empty, "# only a comment\n\n");
    assertThatThrownBy(() -> HostArguments.parse(List.of(empty.toString()), DOMAIN)).hasMessageContaining("host list has no hosts");
    assertThatThrownBy(() -> HostArguments.parse(List.of(dir.resolve("nope.list").toString()), DOMAIN))
        .hasMessageContaining("host list not found");
    assertThatThrownBy(() -> HostArguments.parse(List.of(), DOMAIN)).isInstanceOf(InputException.class);
  }
}
