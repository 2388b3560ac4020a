package dev.fleetroll.monitor;

import dev.fleetroll.Durations;
import dev.fleetroll.Sha;
import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.github.CommitMatch;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.inventory.drift.FleetState;
import dev.fleetroll.inventory.drift.HostState;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.store.HumanHash;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes a host's monitor row from what the store knows: its latest (and latest successful)
 * audit, its latest Taskcluster snapshot, when we last changed its override, the heads of the
 * Puppet branches on GitHub, and its notes. Thresholds are the MVP's (fleetroll-mvp-facts.md §7.2);
 * HEALTHY's activity threshold is configurable.
 */
public final class RowBuilder {

  public static final Duration DEFAULT_HEALTHY_THRESHOLD = Duration.ofHours(1);

  private final Instant now;
  private final Duration healthyThreshold;
  private final Map<BranchRef, BranchHead> heads;

  public RowBuilder(Instant now, Duration healthyThreshold) {
    this(now, healthyThreshold, Map.of());
  }

  /** @param heads the newest read of each branch head (PP_EXP, PP_MATCH) */
  public RowBuilder(Instant now, Duration healthyThreshold, Map<BranchRef, BranchHead> heads) {
    this.now = now;
    this.healthyThreshold = healthyThreshold;
    this.heads = heads;
  }

  /** The rows of the hosts of {@code fleet}, in its order. */
  public static List<MonitorRow> rows(FleetState fleet, Duration healthyThreshold) {
    RowBuilder b = new RowBuilder(fleet.at(), healthyThreshold, fleet.heads());
    return fleet.hosts().stream().map(b::build).toList();
  }

  public MonitorRow build(HostState s) {
    return build(s.host(), s.history(), s.worker(), s.lastChange() == null ? null : s.lastChange().at(), s.notes());
  }

  /** The newest note, {@code (N) } before it when there are N > 1 since the last clear (as the MVP). */
  static Cell note(List<Note> notes) {
    if (notes == null || notes.isEmpty()) {
      return Cell.plain("-");
    }
    String text = notes.get(notes.size() - 1).text().replaceAll("\\s+", " ");
    return Cell.of((notes.size() > 1 ? "(" + notes.size() + ") " : "") + text, Tone.WARN);
  }

  public MonitorRow build(String host, Store.HostHistory history, WorkerSnapshot worker, Instant lastChange) {
    return build(host, history, worker, lastChange, List.of());
  }

  private MonitorRow build(String host, Store.HostHistory history, WorkerSnapshot worker, Instant lastChange,
      List<Note> notes) {
    Map<Column, Cell> c = new EnumMap<>(Column.class);
    c.put(Column.HOST, Cell.plain(host));
    c.put(Column.NOTE, note(notes));
    HostObservation latest = history == null ? null : history.latest();
    HostObservation ok = history == null ? null : history.latestOk();
    if (latest == null) {
      for (Column col : Column.values()) {
        c.put(col, Cell.plain("?"));
      }
      c.put(Column.HOST, Cell.plain(host));
      c.put(Column.STATUS, Cell.plain("UNK"));
      c.put(Column.NOTE, note(notes));
      tc(c, worker);
      c.put(Column.DATA, Cell.plain("?"));
      return new MonitorRow(host, c);
    }
    c.put(Column.STATUS, Cell.plain(latest.ok() ? "OK" : "FAIL"));
    c.put(Column.HOST, Cell.of(host, latest.ok() ? Tone.PLAIN : Tone.BAD));
    c.put(Column.ERR, Cell.plain(latest.ok() ? "-" : latest.outcome() + ": " + latest.error()));
    HostAudit a = ok == null ? null : ok.audit();
    if (a == null) {
      for (Column col : new Column[] {Column.OS, Column.ROLE, Column.VLT_SHA, Column.OVR_SHA, Column.UPTIME,
          Column.PP_LAST, Column.PP_EXP, Column.PP_SHA, Column.PP_MATCH, Column.APPLIED, Column.HEALTHY, Column.WT_OVR, Column.OVR_BRANCH}) {
        c.put(col, Cell.plain("-"));
      }
    } else {
      c.put(Column.OS, Cell.plain(a.os() != null ? a.os().letter() : a.osType() == null || a.osType().isEmpty() ? "-"
          : a.osType().substring(0, 1).toUpperCase(Locale.ROOT)));
      c.put(Column.ROLE, Cell.of(a.role() == null ? "missing" : a.role(), Tone.BOLD_CATEGORY));
      c.put(Column.VLT_SHA, a.vault().present() && a.vault().sha256() != null
          ? Cell.of(a.vault().sha256().substring(0, 8) + " " + HumanHash.of(a.vault().sha256()), Tone.CATEGORY)
          : Cell.plain("-"));
      override(c, a);
      Long uptime = a.uptimeSeconds();
      c.put(Column.UPTIME, uptime == null ? Cell.plain("-")
          : new Cell(Durations.humanize(uptime, false), ageTone(uptime, 3600, 6 * 3600), uptime));
      puppet(c, a.puppet());
      commit(c, CommitMatch.of(a, heads));
      String applied = applied(a, lastChange);
      c.put(Column.APPLIED, Cell.of(applied, applied.equals("Y") ? Tone.GOOD : applied.equals("N") ? Tone.WARN : Tone.PLAIN));
    }
    tc(c, worker);
    healthy(c, worker);
    data(c, ok, worker);
    if (!latest.ok()) {
      // The values shown are the last good ones: say so, and why the latest audit failed.
      Cell d = c.get(Column.DATA);
      c.put(Column.DATA, new Cell(d.text() + " " + latest.outcome(), Tone.BAD, d.seconds()));
    }
    return new MonitorRow(host, c);
  }

  /** Y: Puppet's last successful run applied the override now on the host (or both have none), after our last change. */
  static String applied(HostAudit a, Instant lastChange) {
    PuppetState p = a.puppet();
    if (p == null || !"metadata".equals(p.source())) {
      return "-";
    }
    if (!a.overrideApplied()) {
      return "N";
    }
    if (lastChange != null && (p.lastRun() == null || !p.lastRun().isAfter(lastChange))) {
      return "N";
    }
    return "Y";
  }

  private void override(Map<Column, Cell> c, HostAudit a) {
    if (!a.override().present()) {
      c.put(Column.OVR_SHA, Cell.plain("-"));
      c.put(Column.WT_OVR, Cell.plain("-"));
      c.put(Column.OVR_BRANCH, Cell.plain("-"));
      return;
    }
    String sha = a.override().sha256() == null ? "?" : a.override().sha256().substring(0, 8);
    String branch = null;
    boolean wt = false;
    if (a.overrideContent() != null) {
      OverrideFile o = OverrideFile.parse("override", a.overrideContent().getBytes(StandardCharsets.UTF_8));
      branch = o.branch();
      wt = o.workerTypeOverride() != null;
    }
    String text = (branch != null ? branch + " (" + sha + ")" : sha) + (wt ? " *wt" : "");
    c.put(Column.OVR_SHA, Cell.of(text, Tone.CATEGORY));
    c.put(Column.WT_OVR, Cell.plain(wt ? "Y" : "N"));
    c.put(Column.OVR_BRANCH, Cell.plain(branch == null ? "-" : branch));
  }

  private void puppet(Map<Column, Cell> c, PuppetState p) {
    if (p == null || p.lastRun() == null) {
      c.put(Column.PP_LAST, Cell.plain("--"));
      return;
    }
    long age = Duration.between(p.lastRun(), now).toSeconds();
    boolean failed = Boolean.FALSE.equals(p.success());
    String text = Durations.humanize(age, false) + (failed ? " FAIL" : "");
    c.put(Column.PP_LAST, new Cell(text, failed ? Tone.BAD : ageTone(age, 3600, 6 * 3600), age));
  }

  private static void commit(Map<Column, Cell> c, CommitMatch m) {
    c.put(Column.PP_EXP, Cell.plain(Sha.commitForm(m.expectedSha(), "-")));
    c.put(Column.PP_SHA, Cell.plain(Sha.commitForm(m.hostSha(), "-")));
    c.put(Column.PP_MATCH, m.match() == null ? Cell.plain("-") : m.match() ? Cell.of("Y", Tone.GOOD) : Cell.of("N", Tone.WARN));
  }

  private void tc(Map<Column, Cell> c, WorkerSnapshot w) {
    if (w == null || !w.ok()) {
      c.put(Column.TC_QUAR, Cell.plain("-"));
      c.put(Column.TC_ACT, Cell.plain("-"));
      c.put(Column.TC_TASK, Cell.plain("-"));
      c.put(Column.POOL, Cell.plain(w == null || w.poolId() == null ? "-" : w.poolId()));
      return;
    }
    c.put(Column.POOL, Cell.plain(w.poolId()));
    c.put(Column.TC_QUAR, w.quarantined() ? Cell.of("YES", Tone.BAD) : Cell.plain("no"));
    if (w.lastDateActive() == null) {
      c.put(Column.TC_ACT, Cell.plain("-"));
    } else {
      long age = Duration.between(w.lastDateActive(), now).toSeconds();
      c.put(Column.TC_ACT, new Cell(Durations.humanize(age, false), ageTone(age, 300, 3600), age));
    }
    TaskRun run = w.latestRun();
    if (run == null || run.state() == null) {
      c.put(Column.TC_TASK, Cell.plain("-"));
      return;
    }
    String state = run.state().toUpperCase(Locale.ROOT);
    Long seconds = null;
    String duration = "";
    if (run.started() != null) {
      Instant end = run.resolved() != null ? run.resolved() : w.observedAt();
      seconds = Duration.between(run.started(), end).toSeconds();
      duration = " " + Durations.humanize(seconds, false) + (run.resolved() == null ? " -" : "");
    }
    Tone tone = switch (state) {
      case "COMPLETED" -> Tone.GOOD;
      case "EXCEPTION" -> Tone.WARN;
      case "FAILED" -> Tone.BAD;
      default -> Tone.PLAIN;
    };
    c.put(Column.TC_TASK, new Cell(state + duration, tone, seconds));
  }

  private void healthy(Map<Column, Cell> c, WorkerSnapshot w) {
    String applied = c.getOrDefault(Column.APPLIED, Cell.plain("-")).text();
    String value;
    if (!applied.equals("Y") && !applied.equals("N")) {
      value = "-";
    } else if (applied.equals("N")) {
      value = "N";
    } else if (w == null || !w.ok()) {
      value = "-";
    } else {
      value = w.lastDateActive() != null && Duration.between(w.lastDateActive(), now).compareTo(healthyThreshold) < 0
          ? "Y" : "N";
    }
    c.put(Column.HEALTHY, Cell.of(value, value.equals("Y") ? Tone.GOOD : value.equals("N") ? Tone.BAD : Tone.PLAIN));
  }

  private void data(Map<Column, Cell> c, HostObservation ok, WorkerSnapshot w) {
    Long auditAge = ok == null ? null : Duration.between(ok.observedAt(), now).toSeconds();
    Long tcAge = w == null ? null : Duration.between(w.observedAt(), now).toSeconds();
    String text = (auditAge == null ? "-" : Durations.humanize(auditAge, true)) + "/"
        + (tcAge == null ? "-" : Durations.humanize(tcAge, true));
    Long max = auditAge;
    if (tcAge != null && (max == null || tcAge > max)) {
      max = tcAge;
    }
    c.put(Column.DATA, new Cell(text, max == null ? Tone.PLAIN : ageTone(max, 300, 1800), max));
  }

  private static Tone ageTone(long seconds, long green, long yellow) {
    return seconds < green ? Tone.GOOD : seconds < yellow ? Tone.WARN : Tone.BAD;
  }
}
