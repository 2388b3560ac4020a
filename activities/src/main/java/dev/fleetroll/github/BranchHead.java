package dev.fleetroll.github;

import java.time.Instant;

/**
 * One read of a branch's head commit: what the store keeps per branch.
 *
 * @param outcome {@code ok}, {@code not_found} (no such repository or branch), {@code rate_limited}
 *     (not asked: the rate limit is spent until {@code rateLimit.reset}), {@code error}
 * @param sha the head commit (on a failed read: the last one known, or null)
 * @param since when we first saw this head (carried over while it stays the same)
 * @param notModified GitHub answered 304 to our conditional request (the ETag still matched)
 * @param etag the ETag of the last full answer, for the next conditional request
 */
public record BranchHead(
    String owner,
    String repo,
    String branch,
    Instant observedAt,
    String outcome,
    String sha,
    Instant since,
    boolean notModified,
    String etag,
    String error,
    RateLimit rateLimit) {

  public static final String OK = "ok";

  public BranchRef ref() {
    return new BranchRef(owner, repo, branch);
  }

  public boolean ok() {
    return OK.equals(outcome);
  }
}
