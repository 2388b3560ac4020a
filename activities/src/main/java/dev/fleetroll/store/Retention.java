package dev.fleetroll.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the store keeps: the newest N records per host (observations, Taskcluster reads) and per
 * branch (GitHub reads), as the MVP did; a host's newest successful audit is kept whatever its age,
 * so the monitor can always show the last good values. Each write applies it to its own key;
 * {@code store prune} to all.
 */
enum Retention {
  OBSERVATIONS("observations", true, "host"),
  TC_SNAPSHOTS("tc_snapshots", false, "host"),
  BRANCH_HEADS("branch_heads", false, "owner", "repo", "branch");

  private final String table;
  private final boolean keepLatestOk;
  private final List<String> key;

  Retention(String table, boolean keepLatestOk, String... key) {
    this.table = table;
    this.keepLatestOk = keepLatestOk;
    this.key = List.of(key);
  }

  String table() {
    return table;
  }

  /** Deletes one key's records past the newest {@code keep}; bind {@link #parameters}. */
  String forKey() {
    String match = String.join(" AND ", key.stream().map(c -> c + " = ?").toList());
    return "DELETE FROM " + table + " WHERE " + match + " AND id <= (SELECT id FROM " + table + " WHERE " + match
        + " ORDER BY id DESC LIMIT 1 OFFSET ?)"
        + (keepLatestOk ? " AND id <> COALESCE((SELECT MAX(id) FROM " + table + " WHERE " + match + " AND outcome = 'ok'), -1)" : "");
  }

  Object[] parameters(int keep, Object... keyValues) {
    List<Object> p = new ArrayList<>(Arrays.asList(keyValues));
    p.addAll(Arrays.asList(keyValues));
    p.add(keep);
    if (keepLatestOk) {
      p.addAll(Arrays.asList(keyValues));
    }
    return p.toArray();
  }

  /** Deletes every key's records past the newest N; bind N. */
  String all() {
    String columns = String.join(", ", key);
    return "DELETE FROM " + table + " WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY " + columns
        + " ORDER BY id DESC) AS n FROM " + table + ") WHERE n > ?)"
        + (keepLatestOk ? " AND id NOT IN (SELECT MAX(id) FROM " + table + " WHERE outcome = 'ok' GROUP BY " + columns + ")" : "");
  }
}
