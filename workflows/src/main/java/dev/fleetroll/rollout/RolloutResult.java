package dev.fleetroll.rollout;

import java.util.List;

/**
 * How a rollout ended: its final status, counts and every host's record with its evidence.
 *
 * @param last the rollout's progress as it ended, its hosts left out (they are {@code hosts}; at about 1.3 KB a
 *     host, a second copy would bring a 1,000-host result near the server's 2 MB limit). What {@code rollout status}
 *     and {@code history} show of an ended rollout, read without a query (which would replay its whole history).
 *     Null in the results of rollouts that ended before it was added.
 */
public record RolloutResult(String id, RolloutStatus status, int succeeded, int failed, int notStarted,
    List<HostRecord> hosts, RolloutProgress last) {

  public RolloutResult(String id, RolloutStatus status, int succeeded, int failed, int notStarted,
      List<HostRecord> hosts) {
    this(id, status, succeeded, failed, notStarted, hosts, null);
  }

  /** What the progress query answers on the ended rollout; null when this result predates {@code last}. */
  public RolloutProgress finalProgress() {
    return last == null ? null : last.withHosts(hosts);
  }
}
