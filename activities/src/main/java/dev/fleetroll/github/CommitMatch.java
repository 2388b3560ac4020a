package dev.fleetroll.github;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.PuppetState;
import java.util.Map;

/**
 * Whether a host runs the head of the Puppet branch it should (the MVP's PP_EXP / PP_SHA / PP_MATCH):
 * the commit its last Puppet run applied ({@code git_sha} in the run's metadata) against the head of
 * its expected branch on GitHub, and the run succeeded.
 *
 * @param ref the branch the host should run, null when unknown (an override naming no GitHub branch)
 * @param expectedSha the branch's head as last read from GitHub, null when never read
 * @param hostSha the commit of the host's last Puppet run, null when unknown
 * @param match true: the head, applied successfully; false: another commit, or the run failed;
 *     null: cannot tell (no head, or no commit on the host)
 */
public record CommitMatch(BranchRef ref, String expectedSha, String hostSha, Boolean match) {

  public static CommitMatch of(HostAudit audit, Map<BranchRef, BranchHead> heads) {
    PuppetState p = audit.puppet();
    String hostSha = p == null || p.gitSha() == null || p.gitSha().isBlank() ? null : p.gitSha();
    BranchRef ref = BranchRef.expected(audit);
    BranchHead head = ref == null ? null : heads.get(ref);
    String expected = head == null ? null : head.sha();
    Boolean match = null;
    if (expected != null && hostSha != null) {
      match = hostSha.equals(expected) && Boolean.TRUE.equals(p.success());
    }
    return new CommitMatch(ref, expected, hostSha, match);
  }
}
