package dev.fleetroll.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.Sha;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code KEY=value} lines of {@link HostScripts#audit()} into a {@link HostAudit}. */
public final class AuditParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditParser() {}

  /** Parses complete audit output; a missing end marker means the script was cut short. */
  public static HostAudit parse(String host, Instant observedAt, String output) {
    Map<String, String> values = keyValues(output);
    if (!values.containsKey("AUDIT_DONE")) {
      throw new IllegalArgumentException("audit output ended early (no AUDIT_DONE line)");
    }
    String osType = values.get("OS_TYPE");
    HostOs os = HostOs.fromUname(osType);
    String role = "1".equals(values.get("ROLE_PRESENT")) ? blankToNull(values.get("ROLE")) : null;
    if ("1".equals(values.get("ROLE_PRESENT")) && role == null) {
      role = "";
    }
    FileFacts vault = "1".equals(values.get("VLT_PRESENT"))
        ? facts(values.get("VLT_META"), firstWord(values.get("VLT_SHA256")))
        : FileFacts.ABSENT;
    FileFacts override = FileFacts.ABSENT;
    String content = null;
    if ("1".equals(values.get("OVERRIDE_PRESENT"))) {
      String sha = firstWord(values.get("OVERRIDE_SHA256"));
      String b64 = values.get("OVERRIDE_B64");
      if (b64 != null) {
        byte[] bytes = Base64.getDecoder().decode(b64);
        content = new String(bytes, StandardCharsets.UTF_8);
        // Our own digest of the bytes we hold, so the store's sha always names exactly this content.
        sha = Sha.sha256(bytes);
      }
      override = facts(values.get("OVERRIDE_META"), sha);
    }
    PuppetState puppet = PuppetState.NONE;
    if (values.containsKey("PP_STATE_JSON") && !values.get("PP_STATE_JSON").isEmpty()) {
      puppet = puppetMetadata(Base64.getDecoder().decode(values.get("PP_STATE_JSON")));
    } else if (values.containsKey("PP_LAST_RUN_EPOCH") || values.containsKey("PP_SUCCESS")) {
      Long epoch = parseLong(values.get("PP_LAST_RUN_EPOCH"));
      puppet = new PuppetState("legacy", epoch == null ? null : Instant.ofEpochSecond(epoch),
          values.containsKey("PP_SUCCESS") ? "1".equals(values.get("PP_SUCCESS")) : null,
          null, null, null, null, null, null, null, null, null);
    }
    return new HostAudit(host, observedAt, osType, os, parseLong(values.get("UPTIME_S")), role, override, content,
        vault, puppet);
  }

  /** Parses the metadata JSON run-puppet.sh writes (schema_version 1); unknown fields are ignored. */
  public static PuppetState puppetMetadata(byte[] json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      return new PuppetState("unreadable", null, null, null, null, null, null, null, null, null, null, null);
    }
    if (node == null || !node.isObject()) {
      return new PuppetState("unreadable", null, null, null, null, null, null, null, null, null, null, null);
    }
    return new PuppetState(
        "metadata",
        instant(text(node, "ts")),
        node.hasNonNull("success") ? node.get("success").asBoolean() : null,
        node.hasNonNull("exit_code") ? node.get("exit_code").asInt() : null,
        node.hasNonNull("duration_s") ? node.get("duration_s").asDouble() : null,
        text(node, "role"),
        text(node, "git_repo"),
        text(node, "git_branch"),
        text(node, "git_sha"),
        node.hasNonNull("git_dirty") ? node.get("git_dirty").asBoolean() : null,
        text(node, "override_sha"),
        text(node, "vault_sha"));
  }

  /**
   * KEY=value lines, and blocks of lines between {@code KEY_BEGIN} and {@code KEY_END} (joined, for
   * base64 that may be wrapped); the first occurrence of a key wins. Other lines are ignored.
   */
  public static Map<String, String> keyValues(String output) {
    Map<String, String> values = new LinkedHashMap<>();
    String block = null;
    StringBuilder blockText = new StringBuilder();
    for (String line : output.split("\n")) {
      if (block != null) {
        if (line.strip().equals(block + "_END")) {
          values.putIfAbsent(block, blockText.toString());
          block = null;
        } else {
          blockText.append(line.strip());
        }
        continue;
      }
      if (line.endsWith("_BEGIN") && line.indexOf('=') < 0) {
        block = line.strip().substring(0, line.strip().length() - "_BEGIN".length());
        blockText.setLength(0);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      if (!key.chars().allMatch(c -> c == '_' || Character.isUpperCase(c) || Character.isDigit(c))) {
        continue;
      }
      values.putIfAbsent(key, line.substring(eq + 1).stripTrailing());
    }
    return values;
  }

  private static String firstWord(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    int space = v.indexOf(' ');
    return space < 0 ? v : v.substring(0, space);
  }


  private static FileFacts facts(String meta, String sha) {
    String[] f = meta == null ? new String[0] : meta.strip().split("\\s+");
    if (f.length < 5) {
      return new FileFacts(true, null, null, null, null, null, blankToNull(sha));
    }
    return new FileFacts(true, f[0], f[1], f[2], parseLong(f[3]), parseLong(f[4]), blankToNull(sha));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String s = value.asText();
    return s.isEmpty() || s.equals("NA") ? null : s;
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static Long parseLong(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
