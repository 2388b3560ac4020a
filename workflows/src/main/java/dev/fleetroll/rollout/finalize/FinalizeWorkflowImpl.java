package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.Notifier;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.SignalCommands;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostFacts;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRevert;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import dev.fleetroll.rollout.host.HostWindow;
import dev.fleetroll.rollout.lease.Leases;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finalize, top to bottom: snapshot, lease, revert with a sliding window, observe ({@link
 * FinalizeObservation}), end. It works on its {@link FinalizeState}; the query and the Web UI show it through
 * its {@link FinalizeView}.
 */
public final class FinalizeWorkflowImpl implements FinalizeWorkflow {

  private final FinalizeState state;
  private final FinalizeView view;
  private final Leases leases;
  private final Notifier notifier = new Notifier();
  private final HostWindow<FinalizeHostRecord, HostRevertWorkflow> window;
  private final SignalCommands signals = new SignalCommands();
  /** False in finalizes started before abort was a signal: they ignored it. */
  private boolean signalsHandled;

  @WorkflowInit
  public FinalizeWorkflowImpl(FinalizeRequest request) {
    state = new FinalizeState(request, Workflow.getInfo().getWorkflowId(), now());
    leases = new Leases(state.id, request.actor(), ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE);
    window = new HostWindow<>(request.policy().maxInFlight(), state::next, () -> false, () -> state.aborting);
    view = new FinalizeView(state, window::size);
  }

  @Override
  public FinalizeProgress run(FinalizeRequest request) {
    signalsHandled = WorkflowChange.SIGNALS.version() == 1;
    view.publish();

    snapshot();
    lease();
    if (!state.aborting) {
      state.status = FinalizeStatus.REVERTING;
      view.publish();
      revert();
    }
    state.revertsEndedAt = now();
    if (!state.aborting) {
      new FinalizeObservation(state, view, notifier).run();
    }
    return finish();
  }

  // ---- the runbook ------------------------------------------------------------------------------

  /** Reads every host before touching it: the record of what the finalize found (override, Puppet's last run). */
  private void snapshot() {
    HostActivities audit = Workflow.newActivityStub(HostActivities.class, ActivityOptions.newBuilder()
        .setSummary("Snapshot the host before the finalize")
        .setStartToCloseTimeout(state.request.policy().timeouts().command())
        .setHeartbeatTimeout(HostActivities.HEARTBEAT_TIMEOUT)
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(5)).setMaximumAttempts(3).build())
        .build());
    Map<String, Promise<HostFacts>> reads = new LinkedHashMap<>();
    for (FinalizeHostRecord r : state.hosts.values()) {
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
      state.hosts.put(read.getKey(), state.hosts.get(read.getKey()).snapshotted(snap));
    }
    view.publish();
  }

  /** Like a rollout, a finalize holds its hosts (lease/<host>): no rollout starts on them meanwhile. */
  private void lease() {
    for (String host : leases.takeAll(state.hosts.keySet())) {
      FinalizeHostRecord r = state.hosts.get(host);
      state.hosts.put(host, r.with(HostStatus.EXCLUDED, "in another running rollout (" + RolloutIds.lease(host)
          + " is held); not reverted"));
    }
    view.publish();
  }

  /** The sliding window: at most max_in_flight reverts; a slot refills the moment one finishes. */
  private void revert() {
    window.run(this::start, view::publish);
    Workflow.await(window::isEmpty); // an abort lets the running reverts finish: each leaves its host consistent
    for (FinalizeHostRecord r : List.copyOf(state.hosts.values())) {
      if (r.status() == HostStatus.PENDING) {
        state.hosts.put(r.host(), r.with(HostStatus.NOT_STARTED, "the finalize was aborted before its turn"));
      }
    }
    view.publish();
  }

  private void start(FinalizeHostRecord record) {
    String host = record.host();
    FinalizeRequest request = state.request;
    HostRevertWorkflow revert = HostRevertWorkflow.child(request.rolloutId(), host, request.overrideSha(),
        request.overrideName(), request.actor(), "finalize");
    HostRevert input = new HostRevert(job(host), record.target(), record.worker(),
        HostRevert.why("finalize", request.reason()), request.policy());
    state.hosts.put(host, record.with(HostStatus.IN_FLIGHT, null));
    Instant started = now();
    window.track(host, revert, Async.function(revert::run, input), (outcome, failure) -> {
      if (outcome == null) {
        outcome = HostOutcome.withoutOutcome(host, "RevertWorkflowFailed", "revert", failure, record.worker(), started,
            now(), false);
      }
      HostStatus done = outcome.result() == HostResult.SUCCEEDED ? HostStatus.SUCCEEDED : HostStatus.FAILED;
      state.hosts.put(host, state.hosts.get(host).reverted(done, outcome));
      view.publish();
    });
  }

  private FinalizeProgress finish() {
    state.status = state.aborting ? FinalizeStatus.ABORTED
        : state.count(HostStatus.FAILED) > 0 ? FinalizeStatus.COMPLETED_WITH_FAILURES : FinalizeStatus.SUCCEEDED;
    leases.releaseAll(state.hosts.values().stream().filter(r -> r.status() != HostStatus.EXCLUDED)
        .map(FinalizeHostRecord::host).toList());
    view.publish();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return view.progress();
  }

  // ---- operator commands ------------------------------------------------------------------------

  @Override
  public FinalizeProgress acknowledge(OperatorCommand command) {
    state.decide("acknowledge", command.actor(), command.reason(), now());
    state.regressions.forEach(r -> state.acknowledged.add(r.gate()));
    state.regressions = List.of();
    state.paused = false;
    return view.progress();
  }

  @Override
  public void validateAcknowledge(OperatorCommand command) {
    requireActor(command);
    if (state.status != FinalizeStatus.PAUSED_ON_REGRESSION || !state.paused) {
      throw new IllegalStateException("finalize " + state.id + " is not paused on a regression (it is "
          + state.status.code() + ")");
    }
  }

  @Override
  public FinalizeProgress abort(OperatorCommand command) {
    state.decide("abort", command.actor(), command.reason(), now());
    state.aborting = true;
    view.publish();
    return view.progress();
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    requireActor(command);
    if (state.status.finished()) {
      throw new IllegalStateException("finalize " + state.id + " has finished (" + state.status.code() + ")");
    }
    if (state.aborting) {
      throw new IllegalStateException("finalize " + state.id + " is being aborted already");
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
      state.decisions.add(SignalCommands.refusal("abort", command, refused.getMessage(), now(), state.status.code(),
          state.lastReport));
      view.publish();
      return;
    }
    abort(command);
  }

  private static void requireActor(OperatorCommand command) {
    if (command == null || command.actor() == null || command.actor().isBlank()) {
      throw new IllegalArgumentException("a command needs the actor who gives it");
    }
  }

  @Override
  public FinalizeProgress progress() {
    return view.progress();
  }

  private HostJob job(String host) {
    return new HostJob(state.request.rolloutId(), state.request.actor(), host, state.request.overrideSha());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
