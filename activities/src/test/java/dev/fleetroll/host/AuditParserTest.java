package dev.fleetroll.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.Sha;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuditParserTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryFact() {
    String override = "PUPPET_BRANCH='x'\n";
    String sha = Sha.sha256(override.getBytes(StandardCharsets.UTF_8));
    String meta = "{\"schema_version\":1,\"ts\":\"2026-08-20T10:00:00Z\",\"duration_s\":42,\"success\":true,"
        + "\"exit_code\":0,\"role\":\"gecko_t_linux_talos\",\"git_repo\":\"https://github.com/m/ronin_puppet.git\","
        + "\"git_branch\":\"x\",\"git_sha\":\"abc123\",\"git_dirty\":false,\"vault_path\":\"/root/vault.yaml\","
        + "\"vault_sha\":\"v1\",\"override_path\":\"/etc/puppet/ronin_settings\",\"override_sha\":\"" + sha + "\"}";
    String out = String.join("\n", HostScripts.SUDO_OK, "OS_TYPE=Linux", "UPTIME_S=3600", "HOSTNAME=h1",
        "ROLE_PRESENT=1", "ROLE=gecko_t_linux_talos", "VLT_PRESENT=1", "VLT_META=640 root root 12 1700000000",
        "VLT_SHA256=v1", "PP_STATE_JSON=" + b64(meta), "OVERRIDE_PRESENT=1",
        "OVERRIDE_META=644 root root 18 1700000001", "OVERRIDE_SHA256=" + sha, "OVERRIDE_B64=" + b64(override),
        "AUDIT_DONE=1", "");
    HostAudit a = AuditParser.parse("h1", Instant.EPOCH, out);
    assertThat(a.os()).isEqualTo(HostOs.LINUX);
    assertThat(a.uptimeSeconds()).isEqualTo(3600);
    assertThat(a.role()).isEqualTo("gecko_t_linux_talos");
    assertThat(a.vault()).isEqualTo(new FileFacts(true, "640", "root", "root", 12L, 1700000000L, "v1"));
    assertThat(a.override().sha256()).isEqualTo(sha);
    assertThat(a.overrideContent()).isEqualTo(override);
    assertThat(a.puppet().source()).isEqualTo("metadata");
    assertThat(a.puppet().lastRun()).isEqualTo(Instant.parse("2026-08-20T10:00:00Z"));
    assertThat(a.puppet().gitSha()).isEqualTo("abc123");
    assertThat(a.overrideApplied()).isTrue();
  }

  @Test
  void legacyStateAndAbsentFiles() {
    String out = "OS_TYPE=Darwin\nROLE_PRESENT=0\nVLT_PRESENT=0\nPP_LAST_RUN_EPOCH=1700000000\nPP_SUCCESS=0\n"
        + "OVERRIDE_PRESENT=0\nAUDIT_DONE=1\n";
    HostAudit a = AuditParser.parse("m1", Instant.EPOCH, out);
    assertThat(a.os()).isEqualTo(HostOs.MACOS);
    assertThat(a.role()).isNull();
    assertThat(a.override().present()).isFalse();
    assertThat(a.puppet().source()).isEqualTo("legacy");
    assertThat(a.puppet().success()).isFalse();
    assertThat(a.overrideApplied()).isFalse();
  }

  @Test
  void truncatedOutputIsRefused() {
    assertThatThrownBy(() -> AuditParser.parse("h", Instant.EPOCH, "OS_TYPE=Linux\n"))
        .hasMessageContaining("AUDIT_DONE");
  }
}
