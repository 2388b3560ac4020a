package dev.fleetroll.override;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether an override may go to hosts: its shape ({@link OverrideFile#parse}), known keys, a
 * well-formed repository URL, branch, e-mail and worker type, and — when bash is installed — that
 * {@code bash -n} accepts it. Every problem names the file and line.
 */
public final class OverrideValidator {

  private OverrideValidator() {}

  /** Reads and validates a file; throws {@link InputException} listing every problem. */
  public static Validated readFile(Path file) {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file + ": override file not found");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read override file: " + e.getMessage(), e);
    }
    OverrideFile override = OverrideFile.parse(file.toString(), bytes);
    List<OverrideFile.Problem> problems = validate(override, bytes);
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder("invalid override (" + problems.size() + " problem"
          + (problems.size() == 1 ? "" : "s") + "): ");
      for (int i = 0; i < problems.size(); i++) {
        message.append(i == 0 ? "" : "; ").append(problems.get(i).describe(file.toString()));
      }
      throw new InputException(message.toString());
    }
    return new Validated(file, bytes, override);
  }

  /** A validated override: its bytes (what goes to hosts) and what it sets. */
  public record Validated(Path file, byte[] bytes, OverrideFile override) {}

  public static List<OverrideFile.Problem> validate(OverrideFile override, byte[] bytes) {
    List<OverrideFile.Problem> problems = new ArrayList<>(override.problems());
    for (OverrideFile.Setting s : override.settings().values()) {
      String v = s.value();
      switch (s.key()) {
        case "PUPPET_REPO" -> {
          if (!(v.startsWith("https://") || v.startsWith("http://") || v.startsWith("git@")) || !v.endsWith(".git")) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_REPO must be an http(s):// or git@ URL ending in .git, not '" + v + "'"));
          } else if (v.contains(" ") || v.indexOf("//", v.indexOf("//") + 2) >= 0) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_REPO '" + v + "' is not a well-formed URL"));
          }
        }
        case "PUPPET_BRANCH" -> {
          if (v.isEmpty() || !v.matches("[A-Za-z0-9/_.-]+") || v.startsWith("/") || v.endsWith("/")
              || v.contains("..") || v.contains("//") || v.endsWith(".lock") || v.startsWith("-")) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_BRANCH '" + v + "' is not a valid branch name"));
          }
        }
        case "PUPPET_MAIL" -> {
          if (!v.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_MAIL '" + v + "' is not an e-mail address"));
          }
        }
        case "WORKER_TYPE_OVERRIDE" -> {
          if (!v.matches("[a-z]([-a-z0-9]{0,36}[a-z0-9])?")) {
            problems.add(new OverrideFile.Problem(s.line(), "WORKER_TYPE_OVERRIDE '" + v + "' is not a valid worker type"));
          }
        }
        case "SKIP_GH_PAT_AUTH" -> { }
        default -> problems.add(new OverrideFile.Problem(s.line(), "unknown key " + s.key() + " (known: "
            + String.join(", ", OverrideFile.KNOWN_KEYS) + ")"));
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(bashSyntax(bytes));
    }
    problems.sort(java.util.Comparator.comparingInt(OverrideFile.Problem::line));
    return problems;
  }

  /** {@code bash -n}: the shell that will source the file agrees it parses. Skipped when bash is absent. */
  static List<OverrideFile.Problem> bashSyntax(byte[] bytes) {
    Path bash = Path.of("/bin/bash");
    if (!Files.isExecutable(bash)) {
      return List.of();
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile("fleetroll-override", ".sh");
      Files.write(tmp, bytes);
      Process p = new ProcessBuilder(bash.toString(), "-n", tmp.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      if (p.exitValue() == 0) {
        return List.of();
      }
      List<OverrideFile.Problem> problems = new ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(": line (\\d+): (.*)").matcher(out);
      while (m.find()) {
        problems.add(new OverrideFile.Problem(Integer.parseInt(m.group(1)), "shell syntax: " + m.group(2).strip()));
      }
      if (problems.isEmpty()) {
        problems.add(new OverrideFile.Problem(0, "shell syntax: " + out.strip()));
      }
      return problems;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
