package dev.fleetroll.store;

import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.json.Json;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The inventory's SQLite database ({@code <data dir>/store/fleetroll.db}): observations with their
 * history, Taskcluster snapshots, the index of stored content, the audit log. The schema is built by
 * numbered migrations. WAL mode and a busy timeout let several fleetroll commands use it at once;
 * within a process one connection is shared and its use serialized.
 */
public final class Store implements AutoCloseable {

  static final List<String> MIGRATIONS = List.of("V1__inventory.sql", "V2__gathering.sql");

  /** Observations kept per host (and Taskcluster reads per host, GitHub reads per branch) unless configured. */
  public static final int DEFAULT_KEEP = 10;

  private final Path directory;
  private final Connection db;
  private final int keep;
  private final ContentStore content;
  private final AuditLog auditLog;

  private Store(Path directory, Connection db, int keep) {
    this.directory = directory;
    this.db = db;
    this.keep = keep;
    this.content = new ContentStore(this, directory.resolve("content"));
    this.auditLog = new AuditLog(this);
  }

  /** The data directory's store, keeping {@code FLEETROLL_STORE_KEEP} (default 10) records per host and key. */
  public static Store open(FleetrollHome home) {
    return open(home.store(), keepFromEnvironment(System.getenv()));
  }

  public static Store open(Path directory) {
    return open(directory, DEFAULT_KEEP);
  }

  static int keepFromEnvironment(Map<String, String> env) {
    String value = env.getOrDefault("FLEETROLL_STORE_KEEP", "");
    if (value.isBlank()) {
      return DEFAULT_KEEP;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new dev.fleetroll.InputException("FLEETROLL_STORE_KEEP='" + value + "' is not a whole number of at least 1");
  }

  /**
   * @param keep the newest records kept per host and key (observations per host, Taskcluster reads
   *     per host, GitHub reads per branch); a host's newest successful audit is always kept too
   */
  public static Store open(Path directory, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1");
    }
    try {
      Files.createDirectories(directory);
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("fleetroll.db"));
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout = 15000");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA foreign_keys = ON");
      }
      // Switching a new database to WAL answers SQLITE_BUSY at once, without the busy timeout, while
      // another connection holds it; so the switch and the migrations run one opener at a time.
      try (OpenLock lock = OpenLock.take(directory)) {
        try (Statement s = db.createStatement()) {
          s.execute("PRAGMA journal_mode = WAL");
        }
        migrate(db);
      }
      return new Store(directory, db, keep);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot open the store in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** An exclusive lock on {@code store.lock}, across processes (a file lock) and threads of this one. */
  private record OpenLock(FileChannel channel, FileLock fileLock) implements AutoCloseable {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    static OpenLock take(Path directory) throws IOException {
      IN_PROCESS.lock();
      try {
        FileChannel channel = FileChannel.open(directory.resolve("store.lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          return new OpenLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        IN_PROCESS.unlock();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        fileLock.release();
        channel.close();
      } finally {
        IN_PROCESS.unlock();
      }
    }
  }

  public Path directory() {
    return directory;
  }

  public Path databaseFile() {
    return directory.resolve("fleetroll.db");
  }

  public ContentStore content() {
    return content;
  }

  public AuditLog auditLog() {
    return auditLog;
  }

  /** How many records are kept per host and key. */
  public int keep() {
    return keep;
  }

  /** The schema version: how many migrations have been applied. */
  public synchronized int schemaVersion() {
    return query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", List.of(), rs -> rs.getInt(1)).get(0);
  }

  // ---- observations ---------------------------------------------------------------------------

  /** Records an audit and drops the host's observations past the newest {@link #keep()} (its newest ok one stays). */
  public synchronized long recordObservation(HostObservation observation) {
    long id = insert("INSERT INTO observations (host, observed_at, outcome, data) VALUES (?, ?, ?, ?)",
        observation.host(), observation.observedAt().toString(), observation.outcome(), Json.write(observation));
    retain(Retention.OBSERVATIONS, observation.host());
    return id;
  }

  /** The newest observation of each host (any outcome) and the newest ok one. */
  public synchronized Map<String, HostHistory> latestObservations(Collection<String> hosts) {
    Map<String, HostHistory> out = new LinkedHashMap<>();
    for (String host : hosts) {
      HostObservation latest = one("SELECT data FROM observations WHERE host = ? ORDER BY id DESC LIMIT 1", host);
      HostObservation latestOk = latest != null && latest.ok() ? latest
          : one("SELECT data FROM observations WHERE host = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1", host);
      out.put(host, new HostHistory(latest, latestOk));
    }
    return out;
  }

  /** Newest first. */
  public synchronized List<HostObservation> observations(String host, int limit) {
    return query("SELECT data FROM observations WHERE host = ? ORDER BY id DESC LIMIT ?", List.of(host, limit),
        rs -> Json.read(rs.getString(1), HostObservation.class));
  }

  /** The highest observation id, for tailing new rows. */
  public synchronized long lastObservationId() {
    return query("SELECT COALESCE(MAX(id), 0) FROM observations", List.of(), rs -> rs.getLong(1)).get(0);
  }

  private HostObservation one(String sql, String host) {
    List<HostObservation> rows = query(sql, List.of(host), rs -> Json.read(rs.getString(1), HostObservation.class));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** A host's newest observation and its newest successful one (the same when the newest is ok). */
  public record HostHistory(HostObservation latest, HostObservation latestOk) {}

  // ---- Taskcluster ----------------------------------------------------------------------------

  /** Records a Taskcluster read and drops the host's reads past the newest {@link #keep()}. */
  public synchronized long recordWorker(WorkerSnapshot snapshot) {
    long id = insert("INSERT INTO tc_snapshots (host, observed_at, outcome, data) VALUES (?, ?, ?, ?)",
        snapshot.host(), snapshot.observedAt().toString(), snapshot.outcome(), Json.write(snapshot));
    retain(Retention.TC_SNAPSHOTS, snapshot.host());
    return id;
  }

  /** Newest first. */
  public synchronized List<WorkerSnapshot> workers(String host, int limit) {
    return query("SELECT data FROM tc_snapshots WHERE host = ? ORDER BY id DESC LIMIT ?", List.of(host, limit),
        rs -> Json.read(rs.getString(1), WorkerSnapshot.class));
  }

  public synchronized Map<String, WorkerSnapshot> latestWorkers(Collection<String> hosts) {
    Map<String, WorkerSnapshot> out = new HashMap<>();
    for (String host : hosts) {
      List<WorkerSnapshot> rows = query("SELECT data FROM tc_snapshots WHERE host = ? ORDER BY id DESC LIMIT 1",
          List.of(host), rs -> Json.read(rs.getString(1), WorkerSnapshot.class));
      if (!rows.isEmpty()) {
        out.put(host, rows.get(0));
      }
    }
    return out;
  }

  // ---- GitHub ---------------------------------------------------------------------------------

  /** Records a read of a branch head and drops the branch's reads past the newest {@link #keep()}. */
  public synchronized long recordBranchHead(BranchHead head) {
    long id = insert("INSERT INTO branch_heads (owner, repo, branch, observed_at, outcome, data) VALUES (?, ?, ?, ?, ?, ?)",
        head.owner(), head.repo(), head.branch(), head.observedAt().toString(), head.outcome(), Json.write(head));
    retain(Retention.BRANCH_HEADS, head.owner(), head.repo(), head.branch());
    return id;
  }

  /** The newest read of {@code ref}, or null. */
  public synchronized BranchHead latestBranchHead(BranchRef ref) {
    List<BranchHead> rows = query("SELECT data FROM branch_heads WHERE owner = ? AND repo = ? AND branch = ? ORDER BY id DESC LIMIT 1",
        List.of(ref.owner(), ref.repo(), ref.branch()), rs -> Json.read(rs.getString(1), BranchHead.class));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The newest read of every branch ever read. */
  public synchronized Map<BranchRef, BranchHead> latestBranchHeads() {
    Map<BranchRef, BranchHead> out = new LinkedHashMap<>();
    query("SELECT data FROM branch_heads WHERE id IN (SELECT MAX(id) FROM branch_heads GROUP BY owner, repo, branch)"
        + " ORDER BY owner, repo, branch", List.of(), rs -> Json.read(rs.getString(1), BranchHead.class))
        .forEach(h -> out.put(h.ref(), h));
    return out;
  }

  // ---- notes ----------------------------------------------------------------------------------

  public synchronized void addNote(String host, String actor, String text) {
    insert("INSERT INTO notes (host, ts, actor, action, text) VALUES (?, ?, ?, 'add', ?)", host, Instant.now().toString(), actor, text);
  }

  /** Hides the host's notes so far (they stay in the store). */
  public synchronized void clearNotes(String host, String actor, String reason) {
    insert("INSERT INTO notes (host, ts, actor, action, text) VALUES (?, ?, ?, 'clear', ?)", host, Instant.now().toString(),
        actor, reason == null ? "" : reason);
  }

  /** The host's notes and clears, oldest first. */
  public synchronized List<Note> noteLog(String host) {
    return query("SELECT host, ts, actor, action, text FROM notes WHERE host = ? ORDER BY id", List.of(host),
        rs -> new Note(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4).equals("clear"),
            rs.getString(5)));
  }

  /** Each host's notes since its last clear, oldest first (hosts without any are absent). */
  public synchronized Map<String, List<Note>> currentNotes(Collection<String> hosts) {
    Map<String, List<Note>> out = new HashMap<>();
    for (String host : hosts) {
      List<Note> current = Note.current(noteLog(host));
      if (!current.isEmpty()) {
        out.put(host, current);
      }
    }
    return out;
  }

  // ---- gathering --------------------------------------------------------------------------------

  /** Notes that a source ({@code hosts}, {@code taskcluster}, {@code github}) was gathered. */
  public synchronized void recordGatherRun(String source, Instant started, Instant finished, Map<String, Integer> counts) {
    insert("INSERT INTO gather_runs (source, started_at, finished_at, counts) VALUES (?, ?, ?, ?)", source,
        started.toString(), finished.toString(), Json.write(counts));
    update("DELETE FROM gather_runs WHERE source = ? AND id <= (SELECT id FROM gather_runs WHERE source = ?"
        + " ORDER BY id DESC LIMIT 1 OFFSET ?)", source, source, keep);
  }

  /** The newest run of each source. */
  public synchronized Map<String, GatherRun> lastGatherRuns() {
    Map<String, GatherRun> out = new TreeMap<>();
    query("SELECT source, started_at, finished_at, counts FROM gather_runs WHERE id IN (SELECT MAX(id) FROM gather_runs GROUP BY source)",
        List.of(), rs -> new GatherRun(rs.getString(1), Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3)),
            GatherRun.counts(rs.getString(4))))
        .forEach(r -> out.put(r.source(), r));
    return out;
  }

  // ---- retention --------------------------------------------------------------------------------

  private void retain(Retention retention, Object... key) {
    update(retention.forKey(), retention.parameters(keep, key));
  }

  /**
   * Applies retention to every host and key (as each write does for its own), then gives the
   * space back to the file system. Returns the rows removed per table.
   */
  public synchronized Map<String, Integer> prune() {
    Map<String, Integer> removed = new LinkedHashMap<>();
    for (Retention r : Retention.values()) {
      removed.put(r.table(), update(r.all(), keep));
    }
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      s.execute("VACUUM");
    } catch (SQLException e) {
      throw new IllegalStateException("store compaction failed: " + e.getMessage(), e);
    }
    return removed;
  }

  // ---- changes we made ------------------------------------------------------------------------

  synchronized void recordChange(String host, Instant at, String action, String sha256) {
    insert("INSERT INTO host_changes (host, ts, action, sha256) VALUES (?, ?, ?, ?)", host, at.toString(), action, sha256);
  }

  /** Our last change of each host's override: who (the action) and which override (hosts we never changed are absent). */
  public synchronized Map<String, HostChange> lastHostChanges(Collection<String> hosts) {
    Map<String, HostChange> out = new HashMap<>();
    for (String host : hosts) {
      query("SELECT ts, action, sha256 FROM host_changes WHERE host = ? ORDER BY id DESC LIMIT 1", List.of(host),
          rs -> new HostChange(host, Instant.parse(rs.getString(1)), rs.getString(2), rs.getString(3)))
          .forEach(c -> out.put(host, c));
    }
    return out;
  }

  // ---- the fleet over time (the web view) ------------------------------------------------------

  /** Every host the store has observed or read from Taskcluster, sorted. */
  public synchronized List<String> hosts() {
    return query("SELECT host FROM observations UNION SELECT host FROM tc_snapshots ORDER BY 1", List.of(),
        rs -> rs.getString(1));
  }

  /** Every observation made at or after {@code since}, oldest first. */
  public synchronized List<HostObservation> observationsSince(Instant since) {
    return query("SELECT data FROM observations WHERE observed_at >= ? ORDER BY id", List.of(since.toString()),
        rs -> Json.read(rs.getString(1), HostObservation.class));
  }

  /** Every Taskcluster read made at or after {@code since}, oldest first. */
  public synchronized List<WorkerSnapshot> workersSince(Instant since) {
    return query("SELECT data FROM tc_snapshots WHERE observed_at >= ? ORDER BY id", List.of(since.toString()),
        rs -> Json.read(rs.getString(1), WorkerSnapshot.class));
  }

  /** Every change we made to hosts' overrides, oldest first. */
  public synchronized List<HostChange> changes() {
    return query("SELECT host, ts, action, sha256 FROM host_changes ORDER BY id", List.of(),
        rs -> new HostChange(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
  }

  // ---- plumbing -------------------------------------------------------------------------------

  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  synchronized <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, params.toArray());
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("store query failed: " + e.getMessage(), e);
    }
  }

  synchronized long insert(String sql, Object... params) {
    try (PreparedStatement ps = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(ps, params);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("store write failed: " + e.getMessage(), e);
    }
  }

  synchronized int update(String sql, Object... params) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("store write failed: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  /**
   * Applies the migrations not yet applied, each in its own immediate transaction so two commands
   * starting at once on a new store do not both apply one.
   */
  private static void migrate(Connection db) throws SQLException, IOException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    for (int i = 0; i < MIGRATIONS.size(); i++) {
      int version = i + 1;
      String name = MIGRATIONS.get(i);
      try (Statement s = db.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          boolean applied;
          try (ResultSet rs = s.executeQuery("SELECT 1 FROM schema_migrations WHERE version = " + version)) {
            applied = rs.next();
          }
          if (!applied) {
            for (String statement : statements(read(name))) {
              s.execute(statement);
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO schema_migrations VALUES (?, ?, ?)")) {
              ps.setInt(1, version);
              ps.setString(2, name);
              ps.setString(3, Instant.now().toString());
              ps.executeUpdate();
            }
          }
          s.execute("COMMIT");
        } catch (SQLException | IOException e) {
          s.execute("ROLLBACK");
          throw e;
        }
      }
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = Store.class.getResourceAsStream("migrations/" + name)) {
      if (in == null) {
        throw new IOException("migration " + name + " missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Splits a migration into statements; a trigger body (BEGIN ... END;) stays whole. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inTrigger = false;
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      int comment = line.indexOf("--");
      String code = comment >= 0 ? line.substring(0, comment) : line;
      current.append(code).append('\n');
      String upper = code.toUpperCase(java.util.Locale.ROOT);
      if (upper.contains("CREATE TRIGGER")) {
        inTrigger = true;
      }
      String end = code.strip().toUpperCase(java.util.Locale.ROOT);
      if (inTrigger ? end.endsWith("END;") : end.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
        inTrigger = false;
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing: nothing useful to do with a failure here.
    }
  }
}
