package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.HostActivities;
import dev.fleetroll.rollout.HostFacts;
import dev.fleetroll.rollout.HostJob;
import dev.fleetroll.rollout.HostOutcome;
import dev.fleetroll.rollout.HostResult;
import dev.fleetroll.rollout.HostWindow;
import dev.fleetroll.rollout.GateCheck;
import dev.fleetroll.rollout.Leases;
import dev.fleetroll.rollout.Notifier;
import dev.fleetroll.rollout.HostRevert;
import dev.fleetroll.rollout.HostRevertWorkflow;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.SignalCommands;
import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateEvaluator;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.notify.RolloutNotification;
import dev.fleetroll.temporal.PublishedSearchAttributes;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The finalize, top to bottom: snapshot, lease, revert with a sliding window, observe, end. All state is
 * in fields; the query and the Web UI details read them.
 *
 * <p>Observation: the gates are judged every {@link #CHECK_EVERY} (longer for very long periods, so
 * history stays small) on the reverted hosts since the last revert ended. A gate that FAILs (not NO_DATA:
 * no data is not a regression) pauses the finalize. The volume gates (jobs per host, jobs in total, hosts
 * with jobs) only count at the last check: freshly released workers have not run tasks yet.
 */
public final class FinalizeWorkflowImpl implements FinalizeWorkflow {

  private static final Logger log = Workflow.getLogger(FinalizeWorkflowImpl.class);

  /** How often the gates are looked at while observing. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(5);
  /** At most this many checks in one observation, whatever its length. */
  static final int MAX_CHECKS = 200;
  /** Gates that need time to fill: judged at the end of the observation only. */
  static final Set<String> VOLUME_GATES = Set.of(GateEvaluator.MIN_JOBS_PER_HOST, GateEvaluator.MIN_JOBS_TOTAL,
      GateEvaluator.MIN_HOSTS_WITH_JOBS_FRACTION);

  private FinalizeRequest request;
  private String id;
  private FinalizeStatus status = FinalizeStatus.SNAPSHOTTING;
  private final Map<String, FinalizeHostRecord> hosts = new LinkedHashMap<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final Set<String> acknowledged = new LinkedHashSet<>();
  private List<GateResult> regressions = List.of();
  private GateReport lastReport;
  private int checks;
  private Leases leases;
  private final Notifier notifier = new Notifier();
  private HostWindow<FinalizeHostRecord, HostRevertWorkflow> window;
  private boolean aborting;
  private boolean paused;
  private Instant startedAt;
  private Instant revertsEndedAt;
  private Instant observeUntil;
  private final PublishedSearchAttributes published = new PublishedSearchAttributes();
  /** False in finalizes started before abort was a signal: they ignored it. */
  private boolean signalsHandled;
  private SignalCommands signals;

  @Override
  public FinalizeProgress run(FinalizeRequest request) {
    signalsHandled = WorkflowChange.SIGNALS.version() == 1;
    signals = new SignalCommands();
    this.request = request;
    this.id = Workflow.getInfo().getWorkflowId();
    this.startedAt = now();
    this.leases = new Leases(id, request.actor(), ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE);
    this.window = new HostWindow<>(request.policy().maxInFlight(), this::next, () -> false, () -> aborting);
    for (FinalizeHost h : request.hosts()) {
      hosts.put(h.target().host(), new FinalizeHostRecord(h.target(), h.worker(), HostStatus.PENDING, null, null, null));
    }
    publish();

    snapshot();
    lease();
    if (!aborting) {
      status = FinalizeStatus.REVERTING;
      publish();
      revert();
    }
    revertsEndedAt = now();
    if (!aborting) {
      observe();
    }
    return finish();
  }

  // ---- the runbook ------------------------------------------------------------------------------

  /** Reads every host before touching it: the record of what the finalize found (override, Puppet's last run). */
  private void snapshot() {
    HostActivities audit = Workflow.newActivityStub(HostActivities.class, ActivityOptions.newBuilder()
        .setSummary("Snapshot the host before the finalize")
        .setStartToCloseTimeout(request.policy().timeouts().command())
        .setHeartbeatTimeout(HostActivities.HEARTBEAT_TIMEOUT)
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(5)).setMaximumAttempts(3).build())
        .build());
    Map<String, Promise<HostFacts>> reads = new LinkedHashMap<>();
    for (FinalizeHostRecord r : hosts.values()) {
      reads.put(r.host(), Async.function(audit::inspectHost, job(r.host())));
    }
    for (Map.Entry<String, Promise<HostFacts>> read : reads.entrySet()) {
      HostSnapshot snap;
      try {
        HostFacts f = read.getValue().get();
        snap = new HostSnapshot(now(), f.overrideSha(), f.puppetLastRun(), f.puppetSuccess(), f.puppetOverrideSha(), null);
      } catch (ActivityFailure e) {
        snap = new HostSnapshot(now(), null, null, null, null, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      }
      hosts.put(read.getKey(), hosts.get(read.getKey()).snapshotted(snap));
    }
    publish();
  }

  /** Like a rollout, a finalize holds its hosts (lease/<host>): no rollout starts on them meanwhile. */
  private void lease() {
    for (String host : leases.takeAll(hosts.keySet())) {
      FinalizeHostRecord r = hosts.get(host);
      hosts.put(host, r.with(HostStatus.EXCLUDED, "in another running rollout (" + RolloutIds.lease(host)
          + " is held); not reverted"));
    }
    publish();
  }

  /** The sliding window: at most max_in_flight reverts; a slot refills the moment one finishes. */
  private void revert() {
    window.run(this::start, this::publish);
    Workflow.await(window::isEmpty); // an abort lets the running reverts finish: each leaves its host consistent
    for (FinalizeHostRecord r : List.copyOf(hosts.values())) {
      if (r.status() == HostStatus.PENDING) {
        hosts.put(r.host(), r.with(HostStatus.NOT_STARTED, "the finalize was aborted before its turn"));
      }
    }
    publish();
  }

  private FinalizeHostRecord next() {
    return hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING).findFirst().orElse(null);
  }

  private void start(FinalizeHostRecord record) {
    String host = record.host();
    HostRevertWorkflow revert = HostRevertWorkflow.child(request.rolloutId(), host, request.overrideSha(),
        request.overrideName(), request.actor(), "finalize");
    HostRevert input = new HostRevert(job(host), record.target(), record.worker(),
        HostRevert.why("finalize", request.reason()), request.policy());
    hosts.put(host, record.with(HostStatus.IN_FLIGHT, null));
    Instant started = now();
    window.track(host, revert, Async.function(revert::run, input), (outcome, failure) -> {
      if (outcome == null) {
        outcome = HostOutcome.withoutOutcome(host, "RevertWorkflowFailed", "revert", failure, record.worker(), started,
            now(), false);
      }
      HostStatus done = outcome.result() == HostResult.SUCCEEDED ? HostStatus.SUCCEEDED : HostStatus.FAILED;
      hosts.put(host, hosts.get(host).reverted(done, outcome));
      publish();
    });
  }

  /** Watches the gates; a regression pauses until an operator acknowledges or aborts. Never re-applies. */
  private void observe() {
    Duration period = request.observe();
    observeUntil = revertsEndedAt.plus(period);
    Duration every = period.dividedBy(MAX_CHECKS).compareTo(CHECK_EVERY) > 0 ? period.dividedBy(MAX_CHECKS) : CHECK_EVERY;
    status = FinalizeStatus.OBSERVING;
    publish();
    while (!aborting && now().isBefore(observeUntil)) {
      Duration left = Duration.between(now(), observeUntil);
      Workflow.await(left.compareTo(every) < 0 ? left : every, () -> aborting);
      if (aborting) {
        break;
      }
      boolean last = !now().isBefore(observeUntil);
      List<GateResult> failing = check(last);
      if (!failing.isEmpty()) {
        pause(failing);
        Workflow.await(() -> aborting || !paused);
        if (!aborting) {
          status = FinalizeStatus.OBSERVING;
          publish();
        }
      }
    }
  }

  /** One look at the gates; returns the regressions (failing gates not acknowledged yet). */
  private List<GateResult> check(boolean last) {
    List<EvidenceHost> reverted = hosts.values().stream().filter(h -> h.status() == HostStatus.SUCCEEDED)
        .map(h -> new EvidenceHost(h.host(), h.target().role(), h.outcome() != null && h.outcome().worker() != null
            ? h.outcome().worker() : h.worker()))
        .toList();
    GateEvidence evidence;
    try {
      evidence = GateCheck.collect("Collect gate evidence on " + reverted.size() + " reverted hosts (check " + (checks + 1)
          + ")", request.policy().timeouts().command().multipliedBy(5),
          new EvidenceRequest(request.rolloutId(), reverted, List.of(), revertsEndedAt));
    } catch (ActivityFailure e) {
      log.warn("finalize {}: no gate evidence this time: {}", id, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      checks++;
      publish();
      return List.of();
    }
    lastReport = GateCheck.judge(request.policy().gates(), evidence, hosts.values().stream()
        .filter(h -> h.status() == HostStatus.FAILED).map(FinalizeHostRecord::outcome).toList());
    checks++;
    publish();
    return lastReport.results().stream()
        .filter(r -> r.verdict() == GateVerdict.FAIL && r.blocking())
        .filter(r -> last || !VOLUME_GATES.contains(r.gate()))
        .filter(r -> !acknowledged.contains(r.gate()))
        .toList();
  }

  private void pause(List<GateResult> failing) {
    regressions = failing;
    paused = true;
    status = FinalizeStatus.PAUSED_ON_REGRESSION;
    publish();
    List<String> lines = failing.stream().map(r -> r.gate() + ": " + r.detail()).toList();
    RolloutNotification n = new RolloutNotification("finalize-paused-on-regression", request.rolloutId(), id,
        status.code(), null, now(), total(), count(HostStatus.SUCCEEDED), count(HostStatus.FAILED),
        "Finalize of " + request.rolloutId() + " paused: " + failing.size() + " gate(s) failing after the override was"
            + " removed; nothing is re-applied. Acknowledge or abort: fleetroll rollout finalize " + request.rolloutId()
            + " --acknowledge|--abort", lines);
    notifier.send(n, "Notify: finalize paused on regression").get(); // the pause is what matters, delivered or not
  }

  private FinalizeProgress finish() {
    status = aborting ? FinalizeStatus.ABORTED
        : count(HostStatus.FAILED) > 0 ? FinalizeStatus.COMPLETED_WITH_FAILURES : FinalizeStatus.SUCCEEDED;
    leases.releaseAll(hosts.values().stream().filter(r -> r.status() != HostStatus.EXCLUDED)
        .map(FinalizeHostRecord::host).toList());
    publish();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return progress();
  }

  // ---- operator commands ------------------------------------------------------------------------

  @Override
  public FinalizeProgress acknowledge(OperatorCommand command) {
    decisions.add(new Decision("acknowledge", command.actor(), now(), command.reason(), status.code()));
    regressions.forEach(r -> acknowledged.add(r.gate()));
    regressions = List.of();
    paused = false;
    return progress();
  }

  @Override
  public void validateAcknowledge(OperatorCommand command) {
    requireActor(command);
    if (status != FinalizeStatus.PAUSED_ON_REGRESSION || !paused) {
      throw new IllegalStateException("finalize " + id + " is not paused on a regression (it is " + status.code() + ")");
    }
  }

  @Override
  public FinalizeProgress abort(OperatorCommand command) {
    decisions.add(new Decision("abort", command.actor(), now(), command.reason(), status.code()));
    aborting = true;
    publish();
    return progress();
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    requireActor(command);
    if (status.finished()) {
      throw new IllegalStateException("finalize " + id + " has finished (" + status.code() + ")");
    }
    if (aborting) {
      throw new IllegalStateException("finalize " + id + " is being aborted already");
    }
  }

  @Override
  public void abortSignal(OperatorCommand sent) {
    if (!signalsHandled) {
      return;
    }
    OperatorCommand command = signals.received("abort", sent);
    try {
      validateAbort(command);
    } catch (IllegalArgumentException | IllegalStateException refused) {
      decisions.add(SignalCommands.refusal("abort", command, refused.getMessage(), now(), status.code(), lastReport));
      publish();
      return;
    }
    abort(command);
  }

  private static void requireActor(OperatorCommand command) {
    if (command == null || command.actor() == null || command.actor().isBlank()) {
      throw new IllegalArgumentException("a command needs the actor who gives it");
    }
  }

  // ---- progress, search attributes and current details ------------------------------------------

  @Override
  public FinalizeProgress progress() {
    return new FinalizeProgress(id, request.rolloutId(), request.actor(), request.overrideSha(), status, total(),
        count(HostStatus.SUCCEEDED), count(HostStatus.FAILED), count(HostStatus.IN_FLIGHT), List.copyOf(hosts.values()),
        startedAt, observeUntil, checks, lastReport, List.copyOf(regressions), List.copyOf(acknowledged),
        List.copyOf(decisions));
  }

  private void publish() {
    published.set(SearchAttributes.KIND, FinalizeWorkflow.KIND)
        .set(SearchAttributes.ROLLOUT_ID, request.rolloutId())
        .set(SearchAttributes.ACTOR, request.actor())
        .set(SearchAttributes.OVERRIDE_SHA, request.overrideSha())
        .set(SearchAttributes.ROLLOUT_STATE, status.code())
        .set(SearchAttributes.HOSTS_TOTAL, (long) total())
        .set(SearchAttributes.HOSTS_DONE, (long) count(HostStatus.SUCCEEDED))
        .set(SearchAttributes.HOSTS_FAILED, (long) count(HostStatus.FAILED));
    published.upsert();
    Workflow.setCurrentDetails(FinalizeDetails.markdown(progress(), request, window.size()));
  }


  // ---- helpers ----------------------------------------------------------------------------------

  private HostJob job(String host) {
    return new HostJob(request.rolloutId(), request.actor(), host, request.overrideSha());
  }

  private int total() {
    return (int) hosts.values().stream().filter(h -> h.status() != HostStatus.EXCLUDED).count();
  }

  private int count(HostStatus s) {
    return (int) hosts.values().stream().filter(h -> h.status() == s).count();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
