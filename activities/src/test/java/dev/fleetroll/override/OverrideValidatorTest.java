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
    return write("test.override", text);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
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

  // Issue 11, hole 9: overrides that validated but broke hosts.

  private static final String GOOD = """
      PUPPET_REPO='https://github.com/aerickson/ronin_puppet.git'
      PUPPET_BRANCH='aerickson/san-juan'
      PUPPET_MAIL='aerickson@mozilla.com'
      """;

  @Test
  void aWindowsLineEndingIsRefusedNotStrippedAndShipped() throws Exception {
    Path f = write(GOOD.replace("\n", "\r\n"));

    assertThatThrownBy(() -> OverrideValidator.readFile(f)).isInstanceOf(InputException.class)
        .hasMessage("invalid override (1 problem): " + f + ":1: carriage return (Windows CRLF line ending, on 3 lines):"
            + " bash keeps the CR in each value, so Puppet would check out branch 'NAME\\r'; save the file with Unix"
            + " (LF) line endings");
    assertThatThrownBy(() -> OverrideValidator.readFile(write(GOOD + "PUPPET_BRANCH='x'\r\n")))
        .hasMessageContaining(":4: carriage return (Windows CRLF line ending)");
  }

  @Test
  void credentialsAreRefusedAndNeverRepeated() throws Exception {
    String token = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    Path inUrl = write("url.override", GOOD.replace("https://github.com/", "https://aerickson:" + token + "@github.com/"));
    Path userOnly = write("user.override", GOOD.replace("https://github.com/", "https://aerickson@github.com/"));
    Path inComment = write("comment.override", "# pushed with https://x-access-token:" + token + "@github.com/aerickson/ronin_puppet.git\n"
        + GOOD);
    Path bareToken = write("token.override", GOOD + "# token " + token + "\n");

    assertThatThrownBy(() -> OverrideValidator.readFile(inUrl)).isInstanceOf(InputException.class)
        .hasMessage("invalid override (1 problem): " + inUrl + ":1: a credential (PUPPET_REPO='https://***@github.com/"
            + "aerickson/ronin_puppet.git'): the override is world-readable on every host and kept in the content store,"
            + " Puppet's report and the rollout's history; a private repository is read with the token in the host's"
            + " vault (github.pat), never one in the override")
        .message().doesNotContain(token).doesNotContain("aerickson:");
    assertThatThrownBy(() -> OverrideValidator.readFile(userOnly)).hasMessageContaining(":1: a credential");
    assertThatThrownBy(() -> OverrideValidator.readFile(inComment)).hasMessageContaining(":1: a credential")
        .message().doesNotContain(token);
    assertThatThrownBy(() -> OverrideValidator.readFile(bareToken)).hasMessageContaining(":4: a credential (# token"
        + " ghp_***)").message().doesNotContain(token);
  }

  @Test
  void bytesBashReadsOtherwiseAreRefusedAtTheirLine() throws Exception {
    Path bom = dir.resolve("bom.override");
    Files.write(bom, ("\uFEFF" + GOOD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(() -> OverrideValidator.readFile(bom)).hasMessageContaining(bom + ":1: starts with a"
        + " byte-order mark (BOM)");
    assertThatThrownBy(() -> OverrideValidator.readFile(write(GOOD + "PUPPET_BRANCH='a\u0000b'\n")))
        .hasMessageContaining(":4: control character U+0000");
    Path latin1 = dir.resolve("latin1.override");
    Files.write(latin1, (GOOD + "# caf\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> OverrideValidator.readFile(latin1))
        .hasMessageContaining(latin1 + ":4: not valid UTF-8 (byte ");
    Path big = dir.resolve("big.override");
    Files.writeString(big, GOOD + "#".repeat(70_000) + "\n");
    assertThatThrownBy(() -> OverrideValidator.readFile(big)).hasMessageContaining(big + ": is 70");
  }

  @Test
  void linesBashWouldRunDifferentlyAreRefused() throws Exception {
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH= san-juan\n")))
        .hasMessageContaining(":1: space after 'PUPPET_BRANCH=': bash would set PUPPET_BRANCH to nothing and run"
            + " 'san-juan' as a command");
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH='san-juan'#wip\n")))
        .hasMessageContaining(":1: unexpected text after the quoted value: #wip (bash would make it part of the value");
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH='san-juan '\n")))
        .hasMessageContaining(":1: the value has spaces at its start or end inside the quotes");
    assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_BRANCH=\"san\\-juan\"\n")))
        .as("bash keeps this backslash: the branch would be san\\-juan")
        .hasMessageContaining(":1: PUPPET_BRANCH 'san\\-juan' is not a valid branch name");
    assertThat(OverrideValidator.readFile(write("PUPPET_BRANCH=\"san-juan\"  # the topic\n")).override().branch())
        .isEqualTo("san-juan");
  }

  @Test
  void branchNamesFollowGitsRules() {
    for (String ok : new String[] {"master", "aerickson/san-juan", "v1.2", "relops_fix-2"}) {
      assertThat(OverrideValidator.branchProblem(ok)).as(ok).isNull();
    }
    for (String bad : new String[] {"", "HEAD", "-x", "a..b", "a/", "/a", "a//b", "a.", ".hidden", "a/.b", "a.lock",
        "a.lock/b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "a@{1}"}) {
      assertThat(OverrideValidator.branchProblem(bad)).as(bad).isNotNull();
    }
  }

  @Test
  void theRepositoryIsOneRunPuppetCanCheckOut() throws Exception {
    for (String ok : new String[] {"https://github.com/mozilla-platform-ops/ronin_puppet.git",
        "git@github.com:aerickson/ronin_puppet.git"}) {
      assertThat(OverrideValidator.readFile(write("PUPPET_REPO='" + ok + "'\n")).override().value("PUPPET_REPO"))
          .isEqualTo(ok);
    }
    for (String bad : new String[] {"http://github.com/x/ronin_puppet.git", "https://gitlab.com/x/ronin_puppet.git",
        "https://github.com/ronin_puppet.git", "https://github.com/x/y/ronin_puppet.git",
        "https://GitHub.com/x/ronin_puppet.git", "https://github.com/x/ronin_puppet.git?ref=main",
        "https://github.com/../ronin_puppet.git", "https://github.com/x/ronin_puppet"}) {
      assertThatThrownBy(() -> OverrideValidator.readFile(write("PUPPET_REPO='" + bad + "'\n"))).as(bad)
          .hasMessageContaining(":1: PUPPET_REPO must be https://github.com/OWNER/REPO.git or"
              + " git@github.com:OWNER/REPO.git");
    }
  }
}
