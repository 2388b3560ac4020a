package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SshKeywordsTest {
  @Test
  void docsListEveryKeywordWithWhatFleetrollDoes() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "ssh.md"));
    for (SshKeywords.Keyword k : SshKeywords.all().values()) {
      String handling = switch (k.handling()) {
        case HONOURED -> "honoured";
        case NO_EFFECT -> "no effect";
        case REFUSED -> "refused";
      };
      assertThat(docs).as(k.name()).containsPattern("\\| [^|\\n]*`" + k.name() + "`[^|\\n]* \\| " + handling + " \\| "
          + java.util.regex.Pattern.quote(k.reason()) + " \\|");
    }
  }

  @Test
  void aliasesShareTheirKeywordsHandling() {
    assertThat(SshKeywords.lookup("identityfile2")).isSameAs(SshKeywords.lookup("identityfile"));
    assertThat(SshKeywords.canonical("challengeresponseauthentication")).isEqualTo("kbdinteractiveauthentication");
    assertThat(SshKeywords.lookup("frobnicate")).isNull();
  }
}
