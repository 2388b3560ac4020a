package dev.fleetroll.override;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An override file ("ronin_settings"): a POSIX shell fragment that run-puppet.sh sources. We accept
 * the shape real overrides have — comments, blank lines and {@code [export ]KEY=value} assignments
 * whose value is plain or single/double quoted — and read its settings from it.
 */
public record OverrideFile(String source, List<Line> lines, Map<String, Setting> settings, List<Problem> problems) {

  /** The keys run-puppet.sh understands. */
  public static final List<String> KNOWN_KEYS =
      List.of("PUPPET_REPO", "PUPPET_BRANCH", "PUPPET_MAIL", "WORKER_TYPE_OVERRIDE", "SKIP_GH_PAT_AUTH");

  /** One line of the file, numbered from 1. */
  public record Line(int number, String text) {}

  /** An assignment: its value without quotes and the line it is on. */
  public record Setting(String key, String value, int line) {}

  /** Something wrong with the file, at a line (0 for the whole file). */
  public record Problem(int line, String message) {
    public String describe(String source) {
      return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
    }
  }

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

  /** Parses override bytes; {@code source} names the file in messages. Never throws for bad content. */
  public static OverrideFile parse(String source, byte[] bytes) {
    List<Problem> problems = new ArrayList<>();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(new Problem(0, "not valid UTF-8"));
      return new OverrideFile(source, List.of(), Map.of(), problems);
    }
    if (text.isBlank()) {
      problems.add(new Problem(0, "is empty"));
    }
    List<Line> lines = new ArrayList<>();
    Map<String, Setting> settings = new LinkedHashMap<>();
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      int number = i + 1;
      String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
      if (i == raw.length - 1 && line.isEmpty()) {
        break;
      }
      lines.add(new Line(number, line));
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = ASSIGNMENT.matcher(trimmed);
      if (!m.matches()) {
        problems.add(new Problem(number, "not a comment or KEY=value assignment: " + abbreviate(trimmed)));
        continue;
      }
      String key = m.group(1);
      String value = unquote(m.group(2), number, problems);
      if (value == null) {
        continue;
      }
      if (settings.containsKey(key)) {
        problems.add(new Problem(number, key + " is set again (first set on line " + settings.get(key).line() + ")"));
        continue;
      }
      settings.put(key, new Setting(key, value, number));
    }
    return new OverrideFile(source, List.copyOf(lines), settings, problems);
  }

  public String value(String key) {
    Setting s = settings.get(key);
    return s == null ? null : s.value();
  }

  public String branch() {
    return value("PUPPET_BRANCH");
  }

  public String workerTypeOverride() {
    return value("WORKER_TYPE_OVERRIDE");
  }

  private static String unquote(String raw, int line, List<Problem> problems) {
    String v = raw;
    int comment = -1;
    if (v.startsWith("'")) {
      int end = v.indexOf('\'', 1);
      if (end < 0) {
        problems.add(new Problem(line, "unterminated single quote"));
        return null;
      }
      String rest = v.substring(end + 1).strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        problems.add(new Problem(line, "unexpected text after the quoted value: " + abbreviate(rest)));
        return null;
      }
      return v.substring(1, end);
    }
    if (v.startsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length()) {
          out.append(v.charAt(++i));
        } else if (c == '"') {
          String rest = v.substring(i + 1).strip();
          if (!rest.isEmpty() && !rest.startsWith("#")) {
            problems.add(new Problem(line, "unexpected text after the quoted value: " + abbreviate(rest)));
            return null;
          }
          return out.toString();
        } else if (c == '$' || c == '`') {
          problems.add(new Problem(line, "substitution ($ or `) is not allowed in an override value"));
          return null;
        } else {
          out.append(c);
        }
      }
      problems.add(new Problem(line, "unterminated double quote"));
      return null;
    }
    comment = v.indexOf(" #");
    if (comment >= 0) {
      v = v.substring(0, comment);
    }
    v = v.strip();
    if (!v.matches("[A-Za-z0-9@%+=:,./_-]*")) {
      problems.add(new Problem(line, "unquoted value has shell special characters; quote it: " + abbreviate(v)));
      return null;
    }
    return v;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
