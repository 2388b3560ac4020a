package dev.fleetroll.sim.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated GitHub: the head commit of each Puppet repository branch the fleet can check out.
 * A branch's sha is derived from repo, branch and revision, so it is the same in every run; pushing
 * moves the head to the next revision. Hosts read the heads from a file (one line per branch:
 * {@code repo branch sha good|bad}) that is rewritten atomically on every change. A branch that was
 * never pushed does not exist: checking it out fails, as {@code git fetch} would.
 */
public final class GitHub {
  public static final String UPSTREAM_REPO = "https://github.com/mozilla-platform-ops/ronin_puppet.git";
  public static final String DEFAULT_BRANCH = "master";

  /** One branch head, when it was pushed, and how healthy its code is. */
  public record Branch(String repo, String branch, int revision, String sha, Instant pushedAt, boolean puppetFails,
      double taskFailureRate) {}

  private final Path headsFile;
  private final Map<String, Branch> branches = new LinkedHashMap<>();

  public GitHub(Path headsFile) {
    this.headsFile = headsFile;
    push(UPSTREAM_REPO, DEFAULT_BRANCH);
  }

  /** Creates the branch at revision 1, or pushes one new commit to it; returns the new head sha. */
  public synchronized String push(String repo, String branch) {
    check(repo, branch);
    Branch old = branches.get(key(repo, branch));
    int revision = old == null ? 1 : old.revision() + 1;
    Branch now = new Branch(repo, branch, revision, sha(repo, branch, revision), Instant.now().truncatedTo(ChronoUnit.SECONDS),
        old != null && old.puppetFails(), old == null ? 0 : old.taskFailureRate());
    branches.put(key(repo, branch), now);
    write();
    return now.sha();
  }

  /**
   * Declares a branch's code bad: Puppet fails to compile it ({@code puppetFails}) and/or hosts that
   * applied it fail that share of their tasks. Creates the branch if needed.
   */
  public synchronized void setHealth(String repo, String branch, boolean puppetFails, double taskFailureRate) {
    if (taskFailureRate < 0 || taskFailureRate > 1) {
      throw new IllegalArgumentException("task failure rate must be between 0 and 1");
    }
    if (!branches.containsKey(key(repo, branch))) {
      push(repo, branch);
    }
    Branch b = branches.get(key(repo, branch));
    branches.put(key(repo, branch), new Branch(repo, branch, b.revision(), b.sha(), b.pushedAt(), puppetFails, taskFailureRate));
    write();
  }

  public synchronized Optional<Branch> branch(String repo, String branch) {
    return Optional.ofNullable(branches.get(key(repo, branch)));
  }

  public synchronized Optional<String> head(String repo, String branch) {
    return branch(repo, branch).map(Branch::sha);
  }

  public synchronized List<Branch> branches() {
    return List.copyOf(branches.values());
  }

  /** The share of tasks that fail on a host whose last Puppet run applied this branch. */
  public synchronized double taskFailureRate(String repo, String branch) {
    Branch b = repo == null || branch == null ? null : branches.get(key(repo, branch));
    return b == null ? 0 : b.taskFailureRate();
  }

  /** The sha of revision {@code revision} of a branch: stable across runs and machines. */
  public static String sha(String repo, String branch, int revision) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((repo + "\n" + branch + "\n" + revision).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(String repo, String branch) {
    if (repo == null || branch == null || repo.isBlank() || branch.isBlank()
        || (repo + branch).chars().anyMatch(c -> Character.isWhitespace(c) || c < 32)) {
      throw new IllegalArgumentException("repo and branch must be non-empty and without spaces: '"
          + repo + "' '" + branch + "'");
    }
  }

  private static String key(String repo, String branch) {
    return repo + " " + branch;
  }

  private void write() {
    StringBuilder text = new StringBuilder();
    for (Branch b : branches.values()) {
      text.append(b.repo()).append(' ').append(b.branch()).append(' ').append(b.sha()).append(' ')
          .append(b.puppetFails() ? "bad" : "good").append('\n');
    }
    try {
      Files.createDirectories(headsFile.getParent());
      Path tmp = headsFile.resolveSibling(headsFile.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, headsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + headsFile, e);
    }
  }
}
