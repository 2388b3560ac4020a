package dev.fleetroll.override;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Decides whether an override may go to hosts: its shape ({@link OverrideFile#parse}), no credential
 * anywhere in it, known keys, a repository URL run-puppet.sh can use, a branch name git accepts, an
 * e-mail and a worker type, and — when bash is installed — that {@code bash -n} accepts it. Every
 * problem names the file and line; none repeats a credential.
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

  /**
   * The forms run-puppet.sh can use: it takes the GitHub owner from the URL for its working directory
   * and gives up ("Invalid URL format", so Puppet never runs) on anything else.
   */
  private static final Pattern REPO = Pattern.compile(
      "(https://github\\.com/|git@github\\.com:)[A-Za-z0-9](-?[A-Za-z0-9]){0,38}/[A-Za-z0-9_.-]+\\.git");
  private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  public static List<OverrideFile.Problem> validate(OverrideFile override, byte[] bytes) {
    List<OverrideFile.Problem> problems = new ArrayList<>(override.problems());
    for (OverrideFile.Line line : override.lines()) {
      if (OverrideFile.hasCredential(line.text())) {
        problems.add(new OverrideFile.Problem(line.number(), "a credential (" + OverrideFile.redact(line.text()).strip()
            + "): the override is world-readable on every host and kept in the content store, Puppet's report and the"
            + " rollout's history; a private repository is read with the token in the host's vault (github.pat),"
            + " never one in the override"));
      }
    }
    for (OverrideFile.Setting s : override.settings().values()) {
      String v = s.value();
      if (OverrideFile.hasCredential(v)) {
        continue; // reported above, without the credential
      }
      switch (s.key()) {
        case "PUPPET_REPO" -> {
          if (!REPO.matcher(v).matches()) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_REPO must be https://github.com/OWNER/REPO.git or"
                + " git@github.com:OWNER/REPO.git (the forms run-puppet.sh can check out), not '" + v + "'"));
          }
        }
        case "PUPPET_BRANCH" -> {
          String problem = branchProblem(v);
          if (problem != null) {
            problems.add(new OverrideFile.Problem(s.line(), "PUPPET_BRANCH '" + v + "' is not a valid branch name: "
                + problem));
          }
        }
        case "PUPPET_MAIL" -> {
          if (!MAIL.matcher(v).matches()) {
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

  /**
   * What git would refuse in a branch name ({@code git check-ref-format --branch}), within the
   * characters the MVP allows (letters, digits, {@code / _ . -}); null when it is fine.
   */
  static String branchProblem(String branch) {
    if (branch.isEmpty()) {
      return "empty";
    }
    if (!branch.matches("[A-Za-z0-9/_.-]+")) {
      return "only letters, digits, '/', '_', '.' and '-'";
    }
    if (branch.startsWith("-")) {
      return "it cannot start with '-'";
    }
    if (branch.equals("HEAD")) {
      return "HEAD is not a branch";
    }
    if (branch.startsWith("/") || branch.endsWith("/") || branch.contains("//")) {
      return "an empty part between slashes";
    }
    if (branch.contains("..")) {
      return "it cannot contain '..'";
    }
    if (branch.endsWith(".")) {
      return "it cannot end with '.'";
    }
    for (String part : branch.split("/")) {
      if (part.startsWith(".")) {
        return "a part cannot start with '.' (" + part + ")";
      }
      if (part.endsWith(".lock")) {
        return "a part cannot end with '.lock' (" + part + ")";
      }
    }
    return null;
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
