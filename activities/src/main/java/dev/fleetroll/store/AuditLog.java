package dev.fleetroll.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fleetroll.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of every mutating action: who, when, what, on which hosts, with which
 * parameters, and what came of it. The database refuses updates and deletes of its rows. Never put
 * file contents or secrets in parameters or results: shas and stored names only.
 */
public final class AuditLog {

  /** One recorded action. */
  public record Entry(long id, Instant ts, String actor, String action, List<String> hosts,
      Map<String, Object> parameters, Map<String, Object> result) {}

  private static final TypeReference<List<String>> HOSTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final String COLUMNS = "id, ts, actor, action, hosts, parameters, result";

  private final Store store;

  AuditLog(Store store) {
    this.store = store;
  }

  /** Appends an entry; when the action changed a host's override, also notes the change time. */
  public long append(String actor, String action, List<String> hosts, Map<String, Object> parameters,
      Map<String, Object> result) {
    Instant now = Instant.now();
    return store.insert("INSERT INTO audit_log (ts, actor, action, hosts, parameters, result) VALUES (?, ?, ?, ?, ?, ?)",
        now.toString(), actor, action, Json.write(hosts), Json.write(parameters), Json.write(result));
  }

  /**
   * Appends an entry about one host unless an entry of the same action about it already has the same
   * value of {@code result[field]}, the change's identity (a file's mtime, a backup's path): a retried step
   * that finds its change done records it once, whichever attempt made it.
   *
   * @return whether the entry was appended
   */
  public boolean appendOnce(String actor, String action, String host, Map<String, Object> parameters,
      Map<String, Object> result, String field) {
    Object identity = result.get(field);
    if (identity == null) {
      append(actor, action, List.of(host), parameters, result);
      return true;
    }
    synchronized (store) {
      boolean recorded = !store.query("SELECT id FROM audit_log WHERE action = ? AND hosts = ? AND json_extract(result, ?) = ?"
          + " LIMIT 1", List.of(action, Json.write(List.of(host)), "$." + field, identity), rs -> rs.getLong(1)).isEmpty();
      if (recorded) {
        return false;
      }
      append(actor, action, List.of(host), parameters, result);
      return true;
    }
  }

  /** Notes that we changed {@code host}'s override at {@code at} (APPLIED needs a newer Puppet run). */
  public void noteChange(String host, Instant at, String action, String sha256) {
    store.recordChange(host, at, action, sha256);
  }

  /** Newest first. */
  public List<Entry> recent(int limit) {
    return store.query("SELECT " + COLUMNS + " FROM audit_log ORDER BY id DESC LIMIT ?", List.of(limit), AuditLog::entry);
  }

  /**
   * The entries about rollout {@code id} (a {@code rollout.*} action whose parameters name it), oldest first.
   * SQLite picks them out, so that a log of many rollouts' host changes is not read and parsed whole.
   */
  public List<Entry> ofRollout(String id) {
    return store.query("SELECT " + COLUMNS + " FROM audit_log WHERE action LIKE 'rollout.%'"
        + " AND json_extract(parameters, '$.rollout') = ? ORDER BY id", List.of(id), AuditLog::entry);
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    return new Entry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
        parse(rs.getString(5), HOSTS), parse(rs.getString(6), OBJECT), parse(rs.getString(7), OBJECT));
  }

  /** Every entry of these actions, oldest first. */
  public List<Entry> byActions(List<String> actions) {
    String marks = String.join(", ", actions.stream().map(a -> "?").toList());
    return store.query("SELECT id, ts, actor, action, hosts, parameters, result FROM audit_log WHERE action IN (" + marks
        + ") ORDER BY id", actions, rs -> new Entry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
            rs.getString(4), parse(rs.getString(5), HOSTS), parse(rs.getString(6), OBJECT), parse(rs.getString(7), OBJECT)));
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable audit log row: " + e.getOriginalMessage(), e);
    }
  }
}
