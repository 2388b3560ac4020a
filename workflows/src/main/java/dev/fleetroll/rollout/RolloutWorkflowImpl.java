package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.Stage;
import dev.fleetroll.rollout.plan.StagePlanner;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rollout, read top to bottom as the runbook: lease every target, cut the stages, run each stage
 * with a sliding window of host pipelines, wait for assessment between stages, and at the end release
 * what this rollout still holds. All state lives in fields that {@link #snapshot()} turns into one
 * record for continue-as-new, taken only between stages.
 */
public final class RolloutWorkflowImpl implements RolloutWorkflow {

  private RolloutSpec spec;
  private RolloutStatus status = RolloutStatus.STARTING;
  private int stageIndex;
  private List<Stage> stages = List.of();
  private final Map<String, HostRecord> hosts = new LinkedHashMap<>();
  private final List<Decision> decisions = new ArrayList<>();
  private boolean aborting;
  private boolean advanceRequested;
  private long queueCounter;
  private Instant startedAt;
  private Instant waitingSince;
  private int runs;
  /** Hosts whose pipeline runs now; empty whenever the state is snapshotted. */
  private final Map<String, HostRolloutWorkflow> inFlight = new HashMap<>();
  private final Map<String, Object> published = new HashMap<>();

  @Override
  public RolloutResult run(RolloutInput input) {
    spec = input.spec();
    if (input.state() == null) {
      startedAt = now();
      for (HostTarget target : spec.hosts()) {
        hosts.put(target.host(), new HostRecord(target, -1, HostStatus.PENDING, 0, null, 0, null, null));
      }
    } else {
      restore(input.state());
    }
    publish();

    if (status == RolloutStatus.STARTING) {
      leaseEveryTarget();
      planStages();
    }
    while (!aborting && stageIndex < stages.size()) {
      runStage(stageIndex);
      if (aborting || stageIndex == stages.size() - 1) {
        break;
      }
      if (spec.policy().advance() == AdvanceMode.MANUAL) {
        waitForAssessment();
        if (aborting) {
          break;
        }
      }
      stageIndex++;
      continueAsNewIfHistoryIsLong();
    }
    return finish();
  }

  // ---- the runbook ------------------------------------------------------------------------------

  /**
   * A host can be in one running rollout only: its lease is a workflow with a fixed id, which Temporal
   * refuses to start twice. A host leased by another rollout is left out.
   */
  private void leaseEveryTarget() {
    Map<String, Promise<WorkflowExecution>> leases = new LinkedHashMap<>();
    for (HostRecord record : hosts.values()) {
      LeaseWorkflow lease = Workflow.newChildWorkflowStub(LeaseWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(RolloutIds.lease(record.host()))
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) // outlives continue-as-new
          .setStaticSummary("Lease of " + record.host() + " for " + spec.id())
          .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
              .set(SearchAttributes.KIND, LeaseWorkflow.KIND)
              .set(SearchAttributes.HOST, record.host())
              .set(SearchAttributes.ROLLOUT_ID, spec.id())
              .set(SearchAttributes.ACTOR, spec.actor())
              .build())
          .build());
      Async.procedure(lease::hold, new LeaseRequest(record.host(), spec.id(), spec.actor()));
      leases.put(record.host(), Workflow.getWorkflowExecution(lease));
    }
    for (Map.Entry<String, Promise<WorkflowExecution>> lease : leases.entrySet()) {
      try {
        lease.getValue().get();
      } catch (ChildWorkflowFailure e) {
        HostRecord record = hosts.get(lease.getKey());
        hosts.put(record.host(), record.excluded(HostStatus.EXCLUDED, "in another running rollout ("
            + RolloutIds.lease(record.host()) + " is held)"));
      }
    }
  }

  private void planStages() {
    List<HostTarget> leased = hosts.values().stream().filter(h -> h.status() == HostStatus.PENDING)
        .map(HostRecord::target).toList();
    stages = StagePlanner.plan(leased, spec.policy().stages());
    for (Stage stage : stages) {
      for (String host : stage.hosts()) {
        HostRecord r = hosts.get(host);
        hosts.put(host, new HostRecord(r.target(), stage.index(), r.status(), 0, null, 0, null, null));
      }
    }
    status = RolloutStatus.RUNNING;
    publish();
  }

  /** The sliding window: at most max_in_flight pipelines; a slot refills the moment a host finishes. */
  private void runStage(int index) {
    if (!aborting) {
      status = RolloutStatus.RUNNING;
    }
    publish();
    int slots = spec.policy().maxInFlight();
    while (true) {
      Workflow.await(() -> aborting || (inFlight.size() < slots && next(index) != null)
          || (inFlight.isEmpty() && next(index) == null));
      if (aborting) {
        break;
      }
      if (inFlight.isEmpty() && next(index) == null) {
        return;
      }
      HostRecord host;
      while (inFlight.size() < slots && (host = next(index)) != null) {
        start(host, stages.get(index));
      }
      publish();
    }
    String actor = abortActor();
    for (HostRolloutWorkflow pipeline : inFlight.values()) {
      Async.procedure(pipeline::abort, actor);
    }
    Workflow.await(inFlight::isEmpty);
  }

  private void waitForAssessment() {
    status = RolloutStatus.WAITING_FOR_ASSESSMENT;
    waitingSince = now();
    publish();
    Workflow.await(() -> advanceRequested || aborting);
    advanceRequested = false;
    waitingSince = null;
  }

  private RolloutResult finish() {
    if (aborting) {
      releaseHostsWaitingAtTheEnd();
      for (HostRecord r : List.copyOf(hosts.values())) {
        if (r.status() == HostStatus.PENDING) {
          hosts.put(r.host(), r.excluded(HostStatus.NOT_STARTED, "the rollout was aborted before its turn"));
        }
      }
    }
    int succeeded = count(HostStatus.SUCCEEDED);
    int failed = count(HostStatus.FAILED);
    status = aborting ? RolloutStatus.ABORTED
        : failed > 0 || succeeded == 0 ? RolloutStatus.COMPLETED_WITH_FAILURES : RolloutStatus.SUCCEEDED;
    releaseLeases();
    publish();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return new RolloutResult(spec.id(), status, succeeded, failed,
        count(HostStatus.NOT_STARTED) + count(HostStatus.EXCLUDED), List.copyOf(hosts.values()));
  }

  // ---- hosts ------------------------------------------------------------------------------------

  /** The stage's next host: pending ones in stage order, then those moved to the end, first moved first. */
  private HostRecord next(int index) {
    if (aborting || index >= stages.size()) {
      return null;
    }
    for (String host : stages.get(index).hosts()) {
      if (hosts.get(host).status() == HostStatus.PENDING) {
        return hosts.get(host);
      }
    }
    return hosts.values().stream().filter(h -> h.stage() == index && h.status() == HostStatus.MOVED_TO_END)
        .min(Comparator.comparingLong(HostRecord::queuedAt)).orElse(null);
  }

  private void start(HostRecord record, Stage stage) {
    String host = record.host();
    HostRolloutWorkflow pipeline = Workflow.newChildWorkflowStub(HostRolloutWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(RolloutIds.host(spec.id(), host))
            // A rollout that is cancelled or terminated asks its hosts to stop; they release what they hold.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary("Apply override " + spec.overrideName() + " to " + host + " (" + stage.name() + ")")
            .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
                .set(SearchAttributes.KIND, HostRolloutWorkflow.KIND)
                .set(SearchAttributes.ROLLOUT_ID, spec.id())
                .set(SearchAttributes.HOST, host)
                .set(SearchAttributes.STAGE, stage.name())
                .set(SearchAttributes.OVERRIDE_SHA, spec.overrideSha())
                .set(SearchAttributes.ACTOR, spec.actor())
                .set(SearchAttributes.HOST_STEP, HostStep.PENDING.code())
                .build())
            .build());
    HostRecord started = record.started(now());
    hosts.put(host, started);
    inFlight.put(host, pipeline);
    HostRollout input = new HostRollout(new HostJob(spec.id(), spec.actor(), host, spec.overrideSha()),
        record.target(), stage.name(), started.passes(), spec.policy());
    Async.function(pipeline::run, input).handle((outcome, failure) -> {
      finished(host, outcome, failure);
      return null;
    });
  }

  private void finished(String host, HostOutcome outcome, RuntimeException failure) {
    inFlight.remove(host);
    HostRecord record = hosts.get(host);
    if (outcome == null) {
      // The pipeline itself broke (terminated by hand, a bug): assume the worst about the worker.
      Instant now = now();
      outcome = new HostOutcome(host, HostResult.FAILED, new HostFailure(FailureType.INFRASTRUCTURE, HostStep.PENDING,
          "HostWorkflowFailed", "the host's workflow ended without an outcome: " + failure.getMessage()), true,
          null, null, null, null, record.startedAt(), now, Map.of());
    }
    HostStatus next = switch (outcome.result()) {
      case SUCCEEDED -> HostStatus.SUCCEEDED;
      case FAILED -> HostStatus.FAILED;
      case ABORTED -> HostStatus.ABORTED;
      case MOVED_TO_END -> HostStatus.MOVED_TO_END;
    };
    long queue = next == HostStatus.MOVED_TO_END ? ++queueCounter : record.queuedAt();
    hosts.put(host, record.finished(next, outcome, queue));
    publish();
  }

  /** After an abort, hosts moved to the end of their stage are still quarantined by us: release them. */
  private void releaseHostsWaitingAtTheEnd() {
    for (HostRecord r : List.copyOf(hosts.values())) {
      if (r.status() != HostStatus.MOVED_TO_END) {
        continue;
      }
      WorkerRef worker = r.outcome().worker();
      String note;
      boolean held = true;
      try {
        Workflow.newActivityStub(WorkerActivities.class, ActivityOptions.newBuilder()
                .setSummary("Release " + worker + " (rollout aborted)")
                .setStartToCloseTimeout(spec.policy().timeouts().command())
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
                .build())
            .release(new HostJob(spec.id(), spec.actor(), r.host(), spec.overrideSha()), worker);
        held = false;
        note = "aborted while waiting at the end of its stage; released";
      } catch (ActivityFailure e) {
        note = "aborted while waiting at the end of its stage; the release failed: " + e.getCause().getMessage();
      }
      HostOutcome o = r.outcome();
      HostOutcome released = new HostOutcome(o.host(), HostResult.ABORTED, new HostFailure(FailureType.INFRASTRUCTURE,
          HostStep.DRAIN, "Aborted", note), held, worker, o.override(), o.puppet(), o.health(), o.startedAt(), now(),
          o.stepDurations());
      hosts.put(r.host(), r.finished(HostStatus.ABORTED, released, r.queuedAt()));
    }
  }

  private void releaseLeases() {
    List<Promise<Void>> signals = new ArrayList<>();
    for (HostRecord r : hosts.values()) {
      if (r.stage() >= 0) {
        LeaseWorkflow lease = Workflow.newExternalWorkflowStub(LeaseWorkflow.class, RolloutIds.lease(r.host()));
        signals.add(Async.procedure(lease::release, spec.id()));
      }
    }
    for (Promise<Void> signal : signals) {
      try {
        signal.get();
      } catch (RuntimeException e) {
        // The lease is gone already (ended by hand): nothing is held.
      }
    }
  }

  private void continueAsNewIfHistoryIsLong() {
    if (Workflow.getInfo().getHistoryLength() < spec.historyLimit() && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new RolloutInput(spec, snapshot()));
  }

  // ---- operator commands ------------------------------------------------------------------------

  @Override
  public RolloutProgress advance(OperatorCommand command) {
    decisions.add(new Decision("advance", command.actor(), now(), command.reason(), stageName()));
    advanceRequested = true;
    return progress();
  }

  @Override
  public void validateAdvance(OperatorCommand command) {
    requireActor(command);
    if (status != RolloutStatus.WAITING_FOR_ASSESSMENT || advanceRequested) {
      throw new IllegalStateException("rollout " + spec.id() + " is not waiting for assessment (it is "
          + (advanceRequested ? "advancing" : status.code()) + ")");
    }
  }

  @Override
  public RolloutProgress abort(OperatorCommand command) {
    decisions.add(new Decision("abort", command.actor(), now(), command.reason(), stageName()));
    aborting = true;
    status = RolloutStatus.ABORTING;
    publish();
    return progress();
  }

  @Override
  public void validateAbort(OperatorCommand command) {
    requireActor(command);
    if (status.finished()) {
      throw new IllegalStateException("rollout " + spec.id() + " has finished (" + status.code() + ")");
    }
    if (aborting) {
      throw new IllegalStateException("rollout " + spec.id() + " is being aborted already (by " + abortActor() + ")");
    }
  }

  private static void requireActor(OperatorCommand command) {
    if (command == null || command.actor() == null || command.actor().isBlank()) {
      throw new IllegalArgumentException("a command needs the actor who gives it");
    }
  }

  private String abortActor() {
    for (int i = decisions.size() - 1; i >= 0; i--) {
      if (decisions.get(i).kind().equals("abort")) {
        return decisions.get(i).actor();
      }
    }
    return "unknown";
  }

  // ---- progress, search attributes and current details ------------------------------------------

  @Override
  public RolloutProgress progress() {
    List<StageProgress> stageProgress = new ArrayList<>();
    for (Stage stage : stages) {
      int s = 0;
      int f = 0;
      int running = 0;
      int waiting = 0;
      for (String host : stage.hosts()) {
        switch (hosts.get(host).status()) {
          case SUCCEEDED -> s++;
          case FAILED -> f++;
          case IN_FLIGHT -> running++;
          case PENDING, MOVED_TO_END -> waiting++;
          default -> { }
        }
      }
      stageProgress.add(new StageProgress(stage.index(), stage.name(), stage.hosts().size(), s, f, running, waiting));
    }
    Instant now = now();
    List<Duration> done = hosts.values().stream().filter(h -> h.status() == HostStatus.SUCCEEDED)
        .map(h -> h.outcome().duration()).toList();
    List<Duration> running = hosts.values().stream().filter(h -> h.status() == HostStatus.IN_FLIGHT)
        .map(h -> Duration.between(h.startedAt(), now)).toList();
    int waiting = count(HostStatus.PENDING) + count(HostStatus.MOVED_TO_END);
    Duration eta = status.finished() ? Duration.ZERO
        : Eta.estimate(done, spec.expectedHostDuration(), waiting, running, spec.policy().maxInFlight());
    int excluded = spec.excluded().size() + count(HostStatus.EXCLUDED);
    return new RolloutProgress(spec.id(), spec.name(), spec.actor(), spec.overrideSha(), spec.overrideName(), status,
        stageIndex, stageProgress, total(), count(HostStatus.SUCCEEDED), count(HostStatus.FAILED), count(HostStatus.IN_FLIGHT),
        waiting, excluded, List.copyOf(hosts.values()), List.copyOf(decisions), startedAt, waitingSince, eta,
        spec.policy().maxInFlight());
  }

  /** Search attributes that changed, and the Web UI's current details. */
  private void publish() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    changed(updates, SearchAttributes.KIND, RolloutWorkflow.KIND);
    changed(updates, SearchAttributes.ROLLOUT_ID, spec.id());
    changed(updates, SearchAttributes.ACTOR, spec.actor());
    changed(updates, SearchAttributes.OVERRIDE_SHA, spec.overrideSha());
    changed(updates, SearchAttributes.ROLLOUT_STATE, status.code());
    changed(updates, SearchAttributes.STAGE, stageName());
    changed(updates, SearchAttributes.HOSTS_TOTAL, (long) total());
    changed(updates, SearchAttributes.HOSTS_DONE, (long) count(HostStatus.SUCCEEDED));
    changed(updates, SearchAttributes.HOSTS_FAILED, (long) count(HostStatus.FAILED));
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate[]::new));
    }
    Workflow.setCurrentDetails(details());
  }

  private <T> void changed(List<SearchAttributeUpdate<?>> updates, io.temporal.common.SearchAttributeKey<T> key, T value) {
    if (value != null && !"".equals(value) && !Objects.equals(published.get(key.getName()), value)) {
      published.put(key.getName(), value);
      updates.add(key.valueSet(value));
    }
  }

  private String details() {
    StringBuilder md = new StringBuilder();
    md.append("**").append(spec.name()).append("** · override ").append(spec.overrideName()).append(" `")
        .append(spec.shortSha()).append("` · started by ").append(spec.actor()).append("\n\n");
    String stage = stages.isEmpty() ? "" : "**" + stageName() + "** (stage " + (stageIndex + 1) + " of " + stages.size()
        + ") · ";
    md.append(stage).append(status.code().replace('-', ' ')).append(" · ").append(count(HostStatus.SUCCEEDED))
        .append(" of ").append(total()).append(" hosts done");
    if (count(HostStatus.FAILED) > 0) {
      md.append(" · ").append(count(HostStatus.FAILED)).append(" failed");
    }
    if (!inFlight.isEmpty()) {
      md.append(" · ").append(inFlight.size()).append(" in flight");
    }
    RolloutProgress p = progress();
    if (p.eta() != null && !status.finished()) {
      md.append(" · ETA ~").append(HostRolloutWorkflowImpl.human(p.eta()));
    }
    if (status == RolloutStatus.WAITING_FOR_ASSESSMENT) {
      md.append("\n\nWaiting for assessment since ").append(waitingSince.toString(), 11, 16)
          .append(" UTC: `fleetroll rollout advance ").append(spec.id()).append("` starts ")
          .append(stages.get(stageIndex + 1).name()).append(".");
    }
    if (!inFlight.isEmpty()) {
      md.append("\n\nIn flight: ").append(String.join(", ", inFlight.keySet().stream().sorted().toList()));
    }
    for (HostRecord r : hosts.values()) {
      if (r.status() == HostStatus.FAILED) {
        md.append("\n\n✗ ").append(r.host()).append(": ").append(r.outcome().failure());
      }
    }
    return md.toString();
  }

  // ---- state ------------------------------------------------------------------------------------

  private RolloutState snapshot() {
    return new RolloutState(status, stageIndex, stages, List.copyOf(hosts.values()), List.copyOf(decisions), aborting,
        queueCounter, startedAt, runs + 1);
  }

  private void restore(RolloutState state) {
    status = state.status();
    stageIndex = state.stageIndex();
    stages = state.stages();
    state.hosts().forEach(h -> hosts.put(h.host(), h));
    decisions.addAll(state.decisions());
    aborting = state.aborting();
    queueCounter = state.queueCounter();
    startedAt = state.startedAt();
    runs = state.runs();
  }

  private String stageName() {
    return stages.isEmpty() ? "" : stages.get(Math.min(stageIndex, stages.size() - 1)).name();
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
