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
  @TempDir Path dir;

  @Test
  void readsListsWithCommentsAndFqdnDirective() throws Exception {
    Path list = dir.resolve("canary.list");
    Files.writeString(list, """
        # AUTO-GENERATED
        # fqdn: .test.releng.mdc1.mozilla.com
        t-linux64-ms-016
          t-linux64-ms-046   # the silent one

        macmini-r8-001.other.example.com
        """);
    assertThat(HostArguments.parse(List.of(list.toString(), "relops@h1,h2")))
        .containsExactly("t-linux64-ms-016.test.releng.mdc1.mozilla.com", "t-linux64-ms-046.test.releng.mdc1.mozilla.com",
            "macmini-r8-001.other.example.com", "relops@h1", "h2");
  }

  @Test
  void everyProblemIsReportedWithFileAndLine() throws Exception {
    Path list = dir.resolve("bad.list");
    Files.writeString(list, "h1\nnot a host\nH1\n-bad-\n");
    assertThatThrownBy(() -> HostArguments.parse(List.of(list.toString(), "h1")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(list + ":2: 'not a host' is not a valid host name")
        .hasMessageContaining(list + ":3: duplicate host H1 (already at " + list + ":1)")
        .hasMessageContaining(list + ":4: '-bad-' is not a valid host name")
        .hasMessageContaining("argument 'h1': duplicate host h1");
  }

  @Test
  void emptyAndMissingListsAreErrors() throws Exception {
    Path empty = dir.resolve("empty.list");
    Files.writeString(empty, "# only a comment\n\n");
    assertThatThrownBy(() -> HostArguments.parse(List.of(empty.toString()))).hasMessageContaining("host list has no hosts");
    assertThatThrownBy(() -> HostArguments.parse(List.of(dir.resolve("nope.list").toString())))
        .hasMessageContaining("host list not found");
    assertThatThrownBy(() -> HostArguments.parse(List.of())).isInstanceOf(InputException.class);
  }

  @Test
  void validNames() {
    assertThat(HostArguments.valid("t-linux64-ms-016.test.releng.mdc1.mozilla.com")).isTrue();
    assertThat(HostArguments.valid("10.0.0.1")).isTrue();
    assertThat(HostArguments.valid("[::1]")).isTrue();
    assertThat(HostArguments.valid("root@host")).isTrue();
    assertThat(HostArguments.valid("300.0.0.1")).isFalse();
    assertThat(HostArguments.valid("host..example")).isFalse();
    assertThat(HostArguments.valid("@host")).isFalse();
  }
}
