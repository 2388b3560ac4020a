-- Every read of a Puppet branch's head commit from the GitHub REST API.
CREATE TABLE branch_heads (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  owner       TEXT    NOT NULL,
  repo        TEXT    NOT NULL,
  branch      TEXT    NOT NULL,
  observed_at TEXT    NOT NULL,
  outcome     TEXT    NOT NULL,   -- ok | not_found | rate_limited | error
  data        TEXT    NOT NULL    -- the read as JSON (sha, since, etag, rate limit)
);
CREATE INDEX branch_heads_ref ON branch_heads (owner, repo, branch, id);

-- Operators' notes on hosts; a clear hides the notes before it.
CREATE TABLE notes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  host        TEXT    NOT NULL,
  ts          TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,   -- add | clear
  text        TEXT    NOT NULL    -- the note, or the reason of a clear
);
CREATE INDEX notes_host ON notes (host, id);

-- Each gathering of a source (hosts, taskcluster, github): when, how many, what came of it.
CREATE TABLE gather_runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  source      TEXT    NOT NULL,
  started_at  TEXT    NOT NULL,
  finished_at TEXT    NOT NULL,
  counts      TEXT    NOT NULL    -- JSON object: outcome -> count
);
CREATE INDEX gather_runs_source ON gather_runs (source, id);
