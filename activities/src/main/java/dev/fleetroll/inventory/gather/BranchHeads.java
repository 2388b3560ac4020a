package dev.fleetroll.inventory.gather;

import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.github.GitHubClient;
import dev.fleetroll.github.RateLimit;
import dev.fleetroll.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the head of every Puppet branch the hosts' overrides name (and upstream master, which hosts
 * without an override run) and records each read in the store. Each request is conditional on the
 * ETag of the branch's last answer, so a branch that did not move costs a 304.
 */
public final class BranchHeads {

  private final GitHubClient client;
  private final Store store;
  private final Clock clock;

  public BranchHeads(GitHubClient client, Store store) {
    this.client = client;
    this.store = store;
    this.clock = Clock.systemUTC();
  }

  /** Upstream master plus the branch each host's latest successful audit expects. */
  public static Set<BranchRef> refsOf(Store store, Collection<String> hosts) {
    Set<BranchRef> refs = new TreeSet<>(Comparator.comparing(BranchRef::toString));
    refs.add(BranchRef.UPSTREAM);
    store.latestObservations(hosts).values().forEach(h -> {
      if (h.latestOk() != null && h.latestOk().audit() != null) {
        BranchRef ref = BranchRef.expected(h.latestOk().audit());
        if (ref != null) {
          refs.add(ref);
        }
      }
    });
    return refs;
  }

  /** Reads and records each ref; returns how many reads had each outcome. */
  public Map<String, Integer> gather(Collection<BranchRef> refs) {
    Map<String, Integer> counts = new TreeMap<>();
    for (BranchRef ref : refs) {
      BranchHead head = read(ref, store.latestBranchHead(ref));
      store.recordBranchHead(head);
      counts.merge(head.outcome() + (head.notModified() ? " (not modified)" : ""), 1, Integer::sum);
    }
    return counts;
  }

  /** The rate limit of GitHub's last answer (null before any). */
  public RateLimit rateLimit() {
    return client.rateLimit();
  }

  BranchHead read(BranchRef ref, BranchHead last) {
    Instant now = clock.instant();
    String lastSha = last == null ? null : last.sha();
    Instant lastSince = last == null ? null : last.since();
    String lastEtag = last == null ? null : last.etag();
    GitHubClient.Answer a = client.branch(ref, lastSha == null ? null : lastEtag);
    return switch (a.kind()) {
      case HEAD -> new BranchHead(ref.owner(), ref.repo(), ref.branch(), now, BranchHead.OK, a.sha(),
          a.sha().equals(lastSha) && lastSince != null ? lastSince : now, false, a.etag(), null, a.rateLimit());
      case NOT_MODIFIED -> new BranchHead(ref.owner(), ref.repo(), ref.branch(), now, BranchHead.OK, lastSha, lastSince,
          true, lastEtag, null, a.rateLimit());
      case NOT_FOUND -> new BranchHead(ref.owner(), ref.repo(), ref.branch(), now, "not_found", null, null, false, null,
          a.message(), a.rateLimit());
      case RATE_LIMITED -> new BranchHead(ref.owner(), ref.repo(), ref.branch(), now, "rate_limited", lastSha, lastSince,
          false, lastEtag, a.message(), a.rateLimit());
      case FAILED -> new BranchHead(ref.owner(), ref.repo(), ref.branch(), now, "error", lastSha, lastSince, false,
          lastEtag, a.message(), a.rateLimit());
    };
  }
}
