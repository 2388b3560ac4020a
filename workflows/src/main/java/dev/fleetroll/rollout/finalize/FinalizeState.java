package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything a finalize knows; the workflow works on it, {@link FinalizeView} shows it. */
final class FinalizeState {

  final FinalizeRequest request;
  /** The finalize's workflow id. */
  final String id;
  final Instant startedAt;
  FinalizeStatus status = FinalizeStatus.SNAPSHOTTING;
  final Map<String, FinalizeHostRecord> hosts = new LinkedHashMap<>();
  final List<Decision> decisions = new ArrayList<>();
  /** Gates an operator acknowledged: they no longer pause this finalize. */
  final Set<String> acknowledged = new LinkedHashSet<>();
  /** The failing gates that paused it (newest pause only). */
  List<GateResult> regressions = List.of();
  GateReport lastReport;
  int checks;
  boolean aborting;
  boolean paused;
  Instant revertsEndedAt;
  Instant observeUntil;

  FinalizeState(FinalizeRequest request, String id, Instant now) {
    this.request = request;
    this.id = id;
    this.startedAt = now;
    for (FinalizeHost h : request.hosts()) {
      hosts.put(h.target().host(), new FinalizeHostRecord(h.target(), h.worker(), HostStatus.PENDING, null, null, null));
    }
  }

  /** The next host to revert, null when none is left. */
  FinalizeHostRecord next() {
    return hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING).findFirst().orElse(null);
  }

  /** Hosts in the finalize (the excluded ones are not). */
  int total() {
    return (int) hosts.values().stream().filter(h -> h.status() != HostStatus.EXCLUDED).count();
  }

  int count(HostStatus s) {
    return (int) hosts.values().stream().filter(h -> h.status() == s).count();
  }

  void decide(String kind, String actor, String reason, Instant at) {
    decisions.add(new Decision(kind, actor, at, reason, status.code()));
  }
}
