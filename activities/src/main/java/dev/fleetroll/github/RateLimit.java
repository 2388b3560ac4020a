package dev.fleetroll.github;

import java.time.Instant;

/**
 * GitHub's primary rate limit as its last answer stated it ({@code X-RateLimit-Limit},
 * {@code -Remaining}, {@code -Reset}).
 */
public record RateLimit(int limit, int remaining, Instant reset) {

  /** Worth telling the operator: under a tenth of the limit (or under 10) left. */
  public boolean low() {
    return remaining < Math.max(10, limit / 10);
  }

  public String describe() {
    return remaining + " of " + limit + " GitHub API requests left until " + reset;
  }
}
