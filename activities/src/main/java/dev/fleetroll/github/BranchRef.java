package dev.fleetroll.github;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.override.OverrideFile;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Puppet branch on GitHub: owner, repository, branch. The same branch name in a fork and upstream
 * are different refs (the MVP keys them by owner too).
 */
public record BranchRef(String owner, String repo, String branch) {

  /** What a host without an override checks out. */
  public static final BranchRef UPSTREAM = new BranchRef("mozilla-platform-ops", "ronin_puppet", "master");

  private static final Pattern GITHUB_URL = Pattern.compile(
      "^(?:https?://(?:[^@/]+@)?github\\.com/|git@github\\.com:|ssh://git@github\\.com/)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

  /** The ref of a PUPPET_REPO URL and branch, or null when the URL is not a GitHub repository. */
  public static BranchRef of(String repoUrl, String branch) {
    if (repoUrl == null || branch == null || branch.isBlank()) {
      return null;
    }
    Matcher m = GITHUB_URL.matcher(repoUrl.strip());
    return m.matches() ? new BranchRef(m.group(1), m.group(2), branch.strip()) : null;
  }

  /**
   * The branch a host should run (the MVP's expected ref): its override's PUPPET_REPO and
   * PUPPET_BRANCH, upstream master without an override, null when the override names no GitHub
   * branch (or its content is unknown).
   */
  public static BranchRef expected(HostAudit audit) {
    if (!audit.override().present()) {
      return UPSTREAM;
    }
    if (audit.overrideContent() == null) {
      return null;
    }
    OverrideFile o = OverrideFile.parse("override", audit.overrideContent().getBytes(StandardCharsets.UTF_8));
    return of(o.value("PUPPET_REPO"), o.branch());
  }

  /** {@code owner/repo:branch}, as the MVP writes it. */
  @Override
  public String toString() {
    return owner + "/" + repo + ":" + branch;
  }
}
