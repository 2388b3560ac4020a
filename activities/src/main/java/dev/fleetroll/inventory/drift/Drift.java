package dev.fleetroll.inventory.drift;

import dev.fleetroll.Durations;
import dev.fleetroll.Sha;
import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.CommitMatch;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.rollout.host.QuarantineReason;
import dev.fleetroll.ssh.SshFailure;
import dev.fleetroll.store.AuditLog;
import dev.fleetroll.store.HostChange;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds hosts whose state differs from what is expected (docs/inventory.md#drift): pure logic over
 * a {@link FleetState}, the rollouts' states from Temporal, and who wrote each override (the audit
 * log's {@code rollout.write_override} rows and our last change of each host).
 */
public final class Drift {

  /** Thresholds; the defaults are the issue's: 14 days, 24 hours, one hour. */
  public record Settings(Duration maxOverrideAge, Duration puppetMaxAge, Duration unreachableAfter) {
    public static Settings defaults() {
      return new Settings(Duration.ofDays(14), Duration.ofHours(24), Duration.ofHours(1));
    }
  }

  /** Older records of a host, newest first: to tell since when a state holds. */
  public interface History {
    List<HostObservation> observations(String host);

    List<WorkerSnapshot> workers(String host);

    static History of(Store store) {
      return new History() {
        @Override
        public List<HostObservation> observations(String host) {
          return store.observations(host, store.keep());
        }

        @Override
        public List<WorkerSnapshot> workers(String host) {
          return store.workers(host, store.keep());
        }
      };
    }
  }

  /** A rollout's write or removal of a host's override, from the audit log. */
  public record RolloutWrite(String host, String rolloutId, String sha256, boolean removed, Instant at) {
    public static final List<String> ACTIONS = List.of("rollout.write_override", "rollout.remove_override");

    /** The newest write or removal per host. */
    public static Map<String, RolloutWrite> latest(List<AuditLog.Entry> entries) {
      Map<String, RolloutWrite> out = new HashMap<>();
      for (AuditLog.Entry e : entries) {
        boolean removed = e.action().equals("rollout.remove_override");
        for (String host : e.hosts()) {
          out.put(host, new RolloutWrite(host, String.valueOf(e.parameters().get("rollout")),
              (String) e.parameters().get("sha256"), removed, e.ts()));
        }
      }
      return out;
    }

    public static Map<String, RolloutWrite> latest(Store store) {
      return latest(store.auditLog().byActions(ACTIONS));
    }
  }

  private final Settings settings;

  public Drift(Settings settings) {
    this.settings = settings;
  }

  /** Every finding for {@code hosts} as the store knows them now: what {@code host drift} and the web view show. */
  public List<DriftFinding> detect(Store store, List<String> hosts, RolloutStates rollouts) {
    return detect(FleetState.load(store, hosts, Instant.now()), rollouts, RolloutWrite.latest(store), History.of(store));
  }

  /** Every finding for the hosts of {@code fleet}, in host order then type order. */
  public List<DriftFinding> detect(FleetState fleet, RolloutStates rollouts, Map<String, RolloutWrite> writes,
      History history) {
    List<DriftFinding> out = new ArrayList<>();
    for (HostState s : fleet.hosts()) {
      HostObservation ok = s.history() == null ? null : s.history().latestOk();
      HostAudit audit = ok == null ? null : ok.audit();
      if (audit != null) {
        override(out, s, audit, writes.get(s.host()));
        lingering(out, s.host(), audit, fleet.at());
        puppet(out, s.host(), audit);
        behind(out, s.host(), audit, fleet.heads());
      }
      unreachable(out, s, history, fleet.at());
      worker(out, s, rollouts, history);
    }
    out.sort(java.util.Comparator.comparing(DriftFinding::host).thenComparing(DriftFinding::type));
    return out;
  }

  /**
   * The audit log's word on who wrote the override is enough: a rollout that ended long ago may be gone
   * from Temporal (its retention) and still be the one that put the override there.
   */
  private static void override(List<DriftFinding> out, HostState s, HostAudit a, RolloutWrite write) {
    if (!a.override().present()) {
      return;
    }
    String sha = a.override().sha256();
    Instant since = mtime(a);
    HostChange change = s.lastChange();
    if (write != null && !write.removed() && change != null && change.byRollout() && write.sha256() != null) {
      if (!write.sha256().equals(sha)) {
        out.add(new DriftFinding(s.host(), DriftType.OVERRIDE, since, "override " + Sha.contentForm(sha, "?") + " differs from "
            + Sha.contentForm(write.sha256(), "?") + " that rollout " + write.rolloutId() + " wrote"));
      }
      return;
    }
    String how = change != null && sha != null && sha.equals(change.sha256())
        ? "set by hand (" + change.action() + " at " + change.at() + "), not by a rollout"
        : "written outside Fleetroll";
    out.add(new DriftFinding(s.host(), DriftType.OVERRIDE, since, "override " + Sha.contentForm(sha, "?") + " " + how));
  }

  private void lingering(List<DriftFinding> out, String host, HostAudit a, Instant now) {
    Instant written = mtime(a);
    if (!a.override().present() || written == null) {
      return;
    }
    Duration age = Duration.between(written, now);
    if (age.compareTo(settings.maxOverrideAge()) > 0) {
      out.add(new DriftFinding(host, DriftType.LINGERING, written.plus(settings.maxOverrideAge()), "override "
          + Sha.contentForm(a.override().sha256(), "?") + " written " + Durations.humanize(age) + " ago (max age "
          + Durations.humanize(settings.maxOverrideAge()) + ")"));
    }
  }

  private void puppet(List<DriftFinding> out, String host, HostAudit a) {
    PuppetState p = a.puppet();
    if (p == null || p.lastRun() == null) {
      out.add(new DriftFinding(host, DriftType.PUPPET, null, "no Puppet run recorded on the host"));
      return;
    }
    if (Boolean.FALSE.equals(p.success())) {
      out.add(new DriftFinding(host, DriftType.PUPPET, p.lastRun(), "Puppet's last run failed"
          + (p.exitCode() == null ? "" : " (exit " + p.exitCode() + ")")));
      return;
    }
    // Measured at the audit: a host we cannot reach is reported as unreachable, not as idle Puppet.
    Duration age = Duration.between(p.lastRun(), a.observedAt());
    if (age.compareTo(settings.puppetMaxAge()) > 0) {
      out.add(new DriftFinding(host, DriftType.PUPPET, p.lastRun().plus(settings.puppetMaxAge()), "Puppet has not run for "
          + Durations.humanize(age) + " (at the last audit)"));
    }
  }

  private static void behind(List<DriftFinding> out, String host, HostAudit a, Map<dev.fleetroll.github.BranchRef, BranchHead> heads) {
    CommitMatch m = CommitMatch.of(a, heads);
    if (m.match() == null || m.hostSha().equals(m.expectedSha())) {
      return;
    }
    BranchHead head = heads.get(m.ref());
    out.add(new DriftFinding(host, DriftType.BEHIND, head.since(), "runs " + Sha.commitForm(m.hostSha(), "-") + ", "
        + m.ref() + " is at " + Sha.commitForm(m.expectedSha(), "-")));
  }

  private void unreachable(List<DriftFinding> out, HostState s, History history, Instant now) {
    HostObservation latest = s.history() == null ? null : s.history().latest();
    if (latest == null || !SshFailure.UNREACHABLE.code().equals(latest.outcome())) {
      return;
    }
    // The oldest of the unreachable audits in a row (that the store still keeps).
    Instant since = latest.observedAt();
    for (HostObservation o : history.observations(s.host())) {
      if (!SshFailure.UNREACHABLE.code().equals(o.outcome())) {
        break;
      }
      since = o.observedAt();
    }
    if (Duration.between(since, now).compareTo(settings.unreachableAfter()) > 0) {
      HostObservation ok = s.history().latestOk();
      out.add(new DriftFinding(s.host(), DriftType.UNREACHABLE, since, latest.error()
          + (ok == null ? "; never reached" : "; last reached " + ok.observedAt())));
    }
  }

  private static void worker(List<DriftFinding> out, HostState s, RolloutStates rollouts, History history) {
    WorkerSnapshot w = s.worker();
    if (w == null) {
      return;
    }
    if ("not_found".equals(w.outcome())) {
      Instant since = w.observedAt();
      for (WorkerSnapshot older : history.workers(s.host())) {
        if (!"not_found".equals(older.outcome())) {
          break;
        }
        since = older.observedAt();
      }
      out.add(new DriftFinding(s.host(), DriftType.TC_MISSING, since, "no worker " + w.workerId() + " in "
          + w.poolId()));
      return;
    }
    if (!w.ok() || !w.quarantined() || !rollouts.known()) {
      return;
    }
    String rollout = QuarantineReason.rolloutOf(w.quarantineReason());
    RolloutStates.Run run = rollout == null ? null : rollouts.get(rollout);
    if (rollout != null && (run == null || !run.running())) {
      out.add(new DriftFinding(s.host(), DriftType.QUARANTINE, run == null ? null : run.closedAt(), "quarantined by rollout "
          + rollout + (run == null ? ", which Temporal does not know" : ", which is " + run.state())));
    }
  }

  private static Instant mtime(HostAudit a) {
    return a.override().mtimeEpoch() == null ? null : Instant.ofEpochSecond(a.override().mtimeEpoch());
  }
}
