package dev.fleetroll.override;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideValidatorTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("test.override");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void acceptsARealLookingOverride() throws Exception {
    Path f = write("""
        # generated for branch aerickson/san-juan by aerickson
        PUPPET_REPO='https://github.com/aerickson/ronin_puppet.git'
        PUPPET_BRANCH="aerickson/san-juan"
        PUPPET_MAIL='aerickson@mozilla.com'
        #WORKER_TYPE_OVERRIDE='gecko-t-linux-talos-2404-bug2031822'
        """);
    OverrideValidator.Validated v = OverrideValidator.readFile(f);
    assertThat(v.override().branch()).isEqualTo("aerickson/san-juan");
    assertThat(v.override().workerTypeOverride()).isNull();
    assertThat(v.override().value("PUPPET_REPO")).isEqualTo("https://github.com/aerickson/ronin_puppet.git");
  }

  @Test
  void everyProblemNamesFileAndLine() throws Exception {
    Path f = write("""
        PUPPET_REPO='https://github.com/x/ronin_puppet/'
        PUPPET_BRANCH="bad branch"
        PUPPET_COLOR=blue
        echo hi
        WORKER_TYPE_OVERRIDE='Bad_Pool'
        """);
    assertThatThrownBy(() -> OverrideValidator.readFile(f))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(f + ":1: PUPPET_REPO must be")
        .hasMessageContaining(f + ":2: PUPPET_BRANCH 'bad branch'")
        .hasMessageContaining(f + ":3: unknown key PUPPET_COLOR")
        .hasMessageContaining(f + ":4: not a comment or KEY=value")
        .hasMessageContaining(f + ":5: WORKER_TYPE_OVERRIDE");
  }

  @Test
  void unterminatedQuoteAndSubstitutionAreRefused() throws Exception {
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH='main\n")))
        .hasMessageContaining(":1: unterminated single quote");
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH=\"$(reboot)\"\n")))
        .hasMessageContaining(":1: substitution");
  }

  @Test
  void missingEmptyAndNonUtf8FilesAreRefused() throws Exception {
    assertThatThrownBy(() -> OverrideValidator.readFile(dir.resolve("nope"))).hasMessageContaining("not found");
    assertThatThrownBy(() -> OverrideValidator.readFile(write(""))).hasMessageContaining("is empty");
    Path bin = dir.resolve("bin.override");
    Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 'A'});
    assertThatThrownBy(() -> OverrideValidator.readFile(bin)).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void duplicateKeyIsAProblem() throws Exception {
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH=a\nPUPPET_BRANCH=b\n")))
        .hasMessageContaining(":2: PUPPET_BRANCH is set again (first set on line 1)");
  }
}
