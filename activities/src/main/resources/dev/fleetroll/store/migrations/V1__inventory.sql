-- Every audit of a host, kept with its time: the inventory's history.
CREATE TABLE observations (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  host        TEXT    NOT NULL,
  observed_at TEXT    NOT NULL,
  outcome     TEXT    NOT NULL,   -- ok | unreachable | host_key | auth_failed | no_sudo | timeout | command_failed
  data        TEXT    NOT NULL    -- the observation as JSON (specs/audit-record.md)
);
CREATE INDEX observations_host ON observations (host, id);

-- Every Taskcluster read of a host's worker.
CREATE TABLE tc_snapshots (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  host        TEXT    NOT NULL,
  observed_at TEXT    NOT NULL,
  outcome     TEXT    NOT NULL,   -- ok | not_found | unmapped | error
  data        TEXT    NOT NULL
);
CREATE INDEX tc_snapshots_host ON tc_snapshots (host, id);

-- Override and vault files we have seen or pushed, by content.
CREATE TABLE content (
  sha256      TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,      -- override | vault
  file_name   TEXT NOT NULL,      -- 12-hex prefix, longer on a prefix collision
  size        INTEGER NOT NULL,
  first_seen  TEXT NOT NULL
);

-- Every mutating action, append-only.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  ts          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  hosts       TEXT NOT NULL,      -- JSON array
  parameters  TEXT NOT NULL,      -- JSON object
  result      TEXT NOT NULL       -- JSON object
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The last time we changed a host's override (APPLIED needs a Puppet run newer than it).
CREATE TABLE host_changes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  host        TEXT NOT NULL,
  ts          TEXT NOT NULL,
  action      TEXT NOT NULL,
  sha256      TEXT
);
CREATE INDEX host_changes_host ON host_changes (host, id);
