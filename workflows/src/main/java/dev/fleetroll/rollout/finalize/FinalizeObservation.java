package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.GateCheck;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.Notifier;
import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.notify.RolloutNotification;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The finalize's observation: the gates are judged every {@link #CHECK_EVERY} (longer for very long periods, so
 * history stays small) on the reverted hosts since the last revert ended. A gate that FAILs (not NO_DATA: no data
 * is not a regression) pauses the finalize until an operator acknowledges or aborts; nothing is ever re-applied.
 * The volume gates (jobs per host, jobs in total, hosts with jobs) only count at the last check: freshly released
 * workers have not run tasks yet.
 */
final class FinalizeObservation {

  private static final Logger log = Workflow.getLogger(FinalizeObservation.class);

  /** How often the gates are looked at while observing. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(5);
  /** At most this many checks in one observation, whatever its length. */
  static final int MAX_CHECKS = 200;
  /** Gates that need time to fill: judged at the end of the observation only. */
  static final Set<String> VOLUME_GATES = Set.of(GateEvaluator.MIN_JOBS_PER_HOST, GateEvaluator.MIN_JOBS_TOTAL,
      GateEvaluator.MIN_HOSTS_WITH_JOBS_FRACTION);

  private final FinalizeState state;
  private final FinalizeView view;
  private final Notifier notifier;

  FinalizeObservation(FinalizeState state, FinalizeView view, Notifier notifier) {
    this.state = state;
    this.view = view;
    this.notifier = notifier;
  }

  /** Watches the gates for the request's observation period; a regression pauses until acknowledged or aborted. */
  void run() {
    Duration period = state.request.observe();
    state.observeUntil = state.revertsEndedAt.plus(period);
    Duration every = period.dividedBy(MAX_CHECKS).compareTo(CHECK_EVERY) > 0 ? period.dividedBy(MAX_CHECKS) : CHECK_EVERY;
    state.status = FinalizeStatus.OBSERVING;
    view.publish();
    while (!state.aborting && now().isBefore(state.observeUntil)) {
      Duration left = Duration.between(now(), state.observeUntil);
      Workflow.await(left.compareTo(every) < 0 ? left : every, () -> state.aborting);
      if (state.aborting) {
        break;
      }
      boolean last = !now().isBefore(state.observeUntil);
      List<GateResult> failing = check(last);
      if (!failing.isEmpty()) {
        pause(failing);
        Workflow.await(() -> state.aborting || !state.paused);
        if (!state.aborting) {
          state.status = FinalizeStatus.OBSERVING;
          view.publish();
        }
      }
    }
  }

  /** One look at the gates; returns the regressions (failing gates not acknowledged yet). */
  private List<GateResult> check(boolean last) {
    List<EvidenceHost> reverted = state.hosts.values().stream().filter(h -> h.status() == HostStatus.SUCCEEDED)
        .map(h -> new EvidenceHost(h.host(), h.target().role(), h.outcome() != null && h.outcome().worker() != null
            ? h.outcome().worker() : h.worker()))
        .toList();
    GateEvidence evidence;
    try {
      evidence = GateCheck.collect("Collect gate evidence on " + reverted.size() + " reverted hosts (check "
          + (state.checks + 1) + ")", state.request.policy().timeouts().command().multipliedBy(5),
          new EvidenceRequest(state.request.rolloutId(), reverted, List.of(), state.revertsEndedAt));
    } catch (ActivityFailure e) {
      log.warn("finalize {}: no gate evidence this time: {}", state.id,
          e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      state.checks++;
      view.publish();
      return List.of();
    }
    state.lastReport = GateCheck.judge(state.request.policy().gates(), evidence, state.hosts.values().stream()
        .filter(h -> h.status() == HostStatus.FAILED).map(FinalizeHostRecord::outcome).toList());
    state.checks++;
    view.publish();
    return state.lastReport.results().stream()
        .filter(r -> r.verdict() == GateVerdict.FAIL && r.blocking())
        .filter(r -> last || !VOLUME_GATES.contains(r.gate()))
        .filter(r -> !state.acknowledged.contains(r.gate()))
        .toList();
  }

  private void pause(List<GateResult> failing) {
    state.regressions = failing;
    state.paused = true;
    state.status = FinalizeStatus.PAUSED_ON_REGRESSION;
    view.publish();
    String rolloutId = state.request.rolloutId();
    List<String> lines = failing.stream().map(r -> r.gate() + ": " + r.detail()).toList();
    RolloutNotification n = new RolloutNotification("finalize-paused-on-regression", rolloutId, state.id,
        state.status.code(), null, now(), state.total(), state.count(HostStatus.SUCCEEDED), state.count(HostStatus.FAILED),
        "Finalize of " + rolloutId + " paused: " + failing.size() + " gate(s) failing after the override was"
            + " removed; nothing is re-applied. Acknowledge or abort: fleetroll rollout finalize " + rolloutId
            + " --acknowledge|--abort", lines);
    notifier.send(n, "Notify: finalize paused on regression").get(); // the pause is what matters, delivered or not
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
