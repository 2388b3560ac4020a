package dev.fleetroll.override;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An override file ("ronin_settings"): a POSIX shell fragment that run-puppet.sh sources. We accept
 * the shape real overrides have — comments, blank lines and {@code [export ]KEY=value} assignments
 * whose value is plain or single/double quoted — and read each value as bash would, so that what is
 * validated is what the hosts get: a byte bash reads differently from us (a CR line ending, a BOM, a
 * control character) or a line bash would run differently (a space after {@code =}, text glued to a
 * closing quote) is a problem at its line.
 */
public record OverrideFile(String source, List<Line> lines, Map<String, Setting> settings, List<Problem> problems) {

  /** The keys run-puppet.sh understands. */
  public static final List<String> KNOWN_KEYS =
      List.of("PUPPET_REPO", "PUPPET_BRANCH", "PUPPET_MAIL", "WORKER_TYPE_OVERRIDE", "SKIP_GH_PAT_AUTH");

  /** Real overrides are a few hundred bytes; a bigger file is the wrong file. */
  public static final int MAX_BYTES = 64 * 1024;

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
  /** Control characters other than tab (CR has its own message). */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
  /** Userinfo in a URL ({@code https://user:token@host}) and GitHub's token formats. */
  private static final Pattern CREDENTIAL_URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@'\"]*@");
  private static final Pattern GITHUB_TOKEN = Pattern.compile("\\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{8,}");

  /** Parses override bytes; {@code source} names the file in messages. Never throws for bad content. */
  public static OverrideFile parse(String source, byte[] bytes) {
    List<Problem> problems = new ArrayList<>();
    if (bytes.length > MAX_BYTES) {
      problems.add(new Problem(0, "is " + bytes.length + " bytes: an override is a few settings (at most "
          + MAX_BYTES / 1024 + " KiB); is this the right file?"));
      return new OverrideFile(source, List.of(), Map.of(), problems);
    }
    String text = decode(bytes, problems);
    if (text == null) {
      return new OverrideFile(source, List.of(), Map.of(), problems);
    }
    if (text.startsWith("\uFEFF")) {
      problems.add(new Problem(1, "starts with a byte-order mark (BOM): bash would read it as part of the first"
          + " line and lose that line's setting; save the file as UTF-8 without BOM"));
      text = text.substring(1);
    }
    if (text.isBlank()) {
      problems.add(new Problem(0, "is empty"));
    }
    List<Line> lines = new ArrayList<>();
    Map<String, Setting> settings = new LinkedHashMap<>();
    String[] raw = text.split("\n", -1);
    int firstCr = 0;
    int crLines = 0;
    for (int i = 0; i < raw.length; i++) {
      int number = i + 1;
      String line = raw[i];
      if (i == raw.length - 1 && line.isEmpty()) {
        break;
      }
      if (line.indexOf('\r') >= 0) {
        crLines++;
        firstCr = firstCr == 0 ? number : firstCr;
        line = line.replace("\r", "");
      }
      lines.add(new Line(number, line));
      Matcher control = CONTROL.matcher(line);
      if (control.find()) {
        problems.add(new Problem(number, String.format("control character U+%04X: bash would read it as part of the"
            + " line", (int) control.group().charAt(0))));
        continue;
      }
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
      String value = unquote(key, m.group(2), number, problems);
      if (value == null) {
        continue;
      }
      if (settings.containsKey(key)) {
        problems.add(new Problem(number, key + " is set again (first set on line " + settings.get(key).line() + ")"));
        continue;
      }
      settings.put(key, new Setting(key, value, number));
    }
    if (crLines > 0) {
      problems.add(new Problem(firstCr, "carriage return (Windows CRLF line ending" + (crLines > 1 ? ", on " + crLines
          + " lines" : "") + "): bash keeps the CR in each value, so Puppet would check out branch 'NAME\\r';"
          + " save the file with Unix (LF) line endings"));
    }
    problems.sort(java.util.Comparator.comparingInt(Problem::line));
    return new OverrideFile(source, List.copyOf(lines), settings, problems);
  }

  /** The text, or null with a problem naming the line of the first byte that is not UTF-8. */
  private static String decode(byte[] bytes, List<Problem> problems) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      problems.add(new Problem(line, "not valid UTF-8 (byte " + (in.position() + 1) + "); save the file as UTF-8"));
      return null;
    }
    decoder.flush(out);
    return out.flip().toString();
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

  /** The value as bash assigns it, or null with a problem when bash would do something else with the line. */
  private static String unquote(String key, String raw, int line, List<Problem> problems) {
    if (!raw.isEmpty() && Character.isWhitespace(raw.charAt(0))) {
      problems.add(new Problem(line, "space after '" + key + "=': bash would set " + key + " to nothing and run '"
          + abbreviate(raw.strip()) + "' as a command; write " + key + "=VALUE"));
      return null;
    }
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) {
        problems.add(new Problem(line, "unterminated single quote"));
        return null;
      }
      return quoted(raw.substring(1, end), raw.substring(end + 1), line, problems);
    }
    if (raw.startsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && i + 1 < raw.length()) {
          char next = raw.charAt(++i);
          if ("$`\"\\".indexOf(next) < 0) {
            out.append('\\'); // inside double quotes bash keeps a backslash before any other character
          }
          out.append(next);
        } else if (c == '"') {
          return quoted(out.toString(), raw.substring(i + 1), line, problems);
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
    String v = raw;
    int comment = v.indexOf(" #");
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

  /** A quoted value and what follows its closing quote: nothing, or a comment after a space. */
  private static String quoted(String value, String rest, int line, List<Problem> problems) {
    if (!rest.isEmpty() && !rest.matches("[ \\t]+(#.*)?")) {
      problems.add(new Problem(line, "unexpected text after the quoted value: " + abbreviate(rest.strip())
          + (rest.startsWith("#") ? " (bash would make it part of the value: put a space before #)" : "")));
      return null;
    }
    if (!value.equals(value.strip())) {
      problems.add(new Problem(line, "the value has spaces at its start or end inside the quotes"));
      return null;
    }
    return value;
  }

  /** {@code text} with any credential in it replaced by {@code ***}, fit to show in a message. */
  static String redact(String text) {
    return GITHUB_TOKEN.matcher(CREDENTIAL_URL.matcher(text).replaceAll("$1***@")).replaceAll("$1***");
  }

  /** Whether {@code text} holds a URL with a user or password, or a GitHub token. */
  static boolean hasCredential(String text) {
    return CREDENTIAL_URL.matcher(text).find() || GITHUB_TOKEN.matcher(text).find();
  }

  private static String abbreviate(String s) {
    String r = redact(s);
    return r.length() > 60 ? r.substring(0, 57) + "..." : r;
  }
}
