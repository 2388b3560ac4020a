package dev.fleetroll.store;

import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.RateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code fleetroll store info} shows: the store's size on disk, the records of each table
 * with the oldest and newest, the retention, and how fresh each source is. Freshness is the MVP's
 * {@code data-freshness}: a host (or branch) is fresh when its newest successful read is at most
 * {@code threshold} old; a source is {@code fresh} when at least {@code minFreshPct} % are,
 * {@code stale} otherwise, {@code no_data} when nothing was read successfully.
 */
public record StoreInfo(
    Path directory,
    long databaseBytes,
    long contentBytes,
    int keep,
    List<Table> tables,
    List<Freshness> freshness,
    Map<String, GatherRun> lastGatherRuns,
    RateLimit githubRateLimit) {

  public record Table(String name, long rows, Instant oldest, Instant newest) {}

  /**
   * @param total hosts (or branches) looked at
   * @param withOk how many were ever read successfully
   * @param fresh how many were read successfully within the threshold
   */
  public record Freshness(String source, String status, int total, int withOk, int fresh, double freshPct,
      Instant mostRecentOk, Long okAgeSeconds, long thresholdSeconds, int minFreshPct) {
    public boolean isFresh() {
      return "fresh".equals(status);
    }
  }

  /**
   * @param hosts the hosts to judge freshness on, or null for every host the store knows
   */
  public static StoreInfo of(Store store, Collection<String> hosts, Duration threshold, int minFreshPct, Instant now) {
    List<Table> tables = new ArrayList<>();
    for (String[] t : new String[][] {{"observations", "observed_at"}, {"tc_snapshots", "observed_at"},
        {"branch_heads", "observed_at"}, {"notes", "ts"}, {"audit_log", "ts"}, {"host_changes", "ts"}, {"gather_runs", "finished_at"}}) {
      tables.add(store.query("SELECT COUNT(*), (SELECT " + t[1] + " FROM " + t[0] + " ORDER BY id LIMIT 1), (SELECT " + t[1]
          + " FROM " + t[0] + " ORDER BY id DESC LIMIT 1) FROM " + t[0], List.of(),
          rs -> new Table(t[0], rs.getLong(1), instant(rs.getString(2)), instant(rs.getString(3)))).get(0));
    }
    List<Freshness> freshness = new ArrayList<>();
    freshness.add(freshness("hosts", newestOk(store, "observations", "host"), hosts, threshold, minFreshPct, now));
    freshness.add(freshness("taskcluster", newestOk(store, "tc_snapshots", "host"), hosts, threshold, minFreshPct, now));
    Map<String, Instant> branches = new HashMap<>();
    RateLimit rateLimit = null;
    Instant newestRead = null;
    for (BranchHead h : store.latestBranchHeads().values()) {
      branches.put(h.ref().toString(), h.ok() ? h.observedAt() : null);
      if (h.rateLimit() != null && (newestRead == null || h.observedAt().isAfter(newestRead))) {
        newestRead = h.observedAt();
        rateLimit = h.rateLimit();
      }
    }
    // A branch whose last read failed counts by its newest successful read, as a host's does.
    newestOk(store, "branch_heads", "owner || '/' || repo || ':' || branch").forEach((ref, at) -> branches.put(ref, at));
    freshness.add(freshness("github", branches, null, threshold, minFreshPct, now));
    return new StoreInfo(store.directory(), size(store.databaseFile()) + size(Path.of(store.databaseFile() + "-wal")),
        treeSize(store.content().directory()), store.keep(), tables, freshness, store.lastGatherRuns(), rateLimit);
  }

  /** The newest successful read of each key. */
  private static Map<String, Instant> newestOk(Store store, String table, String key) {
    Map<String, Instant> out = new HashMap<>();
    store.query("SELECT " + key + ", observed_at FROM " + table + " WHERE id IN (SELECT MAX(id) FROM " + table
        + " WHERE outcome = 'ok' GROUP BY " + key + ")", List.of(), rs -> Map.entry(rs.getString(1), Instant.parse(rs.getString(2))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Freshness freshness(String source, Map<String, Instant> newestOk, Collection<String> keys,
      Duration threshold, int minFreshPct, Instant now) {
    Collection<String> all = keys != null ? keys : newestOk.keySet();
    int withOk = 0;
    int fresh = 0;
    Instant mostRecent = null;
    for (String k : all) {
      Instant at = newestOk.get(k);
      if (at == null) {
        continue;
      }
      withOk++;
      if (Duration.between(at, now).compareTo(threshold) <= 0) {
        fresh++;
      }
      if (mostRecent == null || at.isAfter(mostRecent)) {
        mostRecent = at;
      }
    }
    double pct = all.isEmpty() ? 0 : Math.round(1000.0 * fresh / all.size()) / 10.0;
    String status = all.isEmpty() || withOk == 0 ? "no_data" : pct < minFreshPct ? "stale" : "fresh";
    return new Freshness(source, status, all.size(), withOk, fresh, pct, mostRecent,
        mostRecent == null ? null : Duration.between(mostRecent, now).toSeconds(), threshold.toSeconds(), minFreshPct);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static long treeSize(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(StoreInfo::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
