package dev.fleetroll.rollout;

import dev.fleetroll.rollout.lease.Leases;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The operator's commands on a rollout (the updates, their validators and the signals that carry some of them):
 * each checked by {@link CommandRules}, recorded as a decision, and carried out on the {@link RolloutState}.
 * It also holds what the commands know that a run does not carry: it never continues as new while an abort
 * settles, while it ends, or with an advance asked for and not yet made.
 */
final class RolloutCommands {

  private final RolloutSpec spec;
  private final RolloutState state;
  private final RolloutView view;
  private final Leases leases;
  private final StartSchedule schedule;
  /** The handlers' state: built at the start of every run. */
  private final SignalCommands signals = new SignalCommands();
  /** False in rollouts started before pause, resume and abort were signals: they ignored them. */
  private boolean signalsHandled;
  /** Past this point a stronger abort mode would change nothing, so none is accepted. */
  private boolean abortSettled;
  /** The rollout is ending: its hosts are done, its leases being released. */
  private boolean ending;
  private boolean advanceRequested;
  private Integer advanceBatch;

  RolloutCommands(RolloutSpec spec, RolloutState state, RolloutView view, Leases leases, StartSchedule schedule) {
    this.spec = spec;
    this.state = state;
    this.view = view;
    this.leases = leases;
    this.schedule = schedule;
  }

  // ---- what the runbook asks and tells ----------------------------------------------------------

  /** Asked of the signals marker at the start of every run. */
  void handleSignals(boolean handled) {
    signalsHandled = handled;
  }

  boolean advanceRequested() {
    return advanceRequested;
  }

  /** The batch size the advance asked the next stage to have (null: as planned); the advance is made. */
  Integer takeAdvance() {
    Integer batch = advanceBatch;
    advanceRequested = false;
    advanceBatch = null;
    return batch;
  }

  /** The rollout ends: from here on every command is refused, none could change the end any more. */
  void ending() {
    ending = true;
  }

  /** An abort settles (its rollback runs): no stronger abort mode is accepted. */
  void abortSettles() {
    abortSettled = true;
  }

  boolean abortSettled() {
    return abortSettled;
  }

  // ---- the updates ------------------------------------------------------------------------------

  RolloutProgress advance(OperatorCommand command) {
    boolean heldStage = view.heldBySchedule() != null;
    decide("advance", command);
    if (command.force() && schedule.on()) {
      // Forced: this stage (held now) or the next one starts its hosts whatever the windows and freezes say.
      state.forcedStage = heldStage ? state.stageIndex : state.stageIndex + 1;
    }
    if (heldStage) {
      return published();
    }
    advanceRequested = true;
    advanceBatch = command.batchSize();
    return view.progress();
  }

  RolloutProgress pause(OperatorCommand command) {
    decide("pause", command);
    state.pausedBy = command.actor();
    return published();
  }

  RolloutProgress resume(OperatorCommand command) {
    decide("resume", command);
    state.pausedBy = null;
    state.acceptedFailures = StageGates.failedIn(state.hosts.values(), state.stageIndex); // the operator saw them
    state.acceptedGates.addAll(StageGates.blockingGates(state.gateReport));
    return published();
  }

  RolloutProgress abort(OperatorCommand command) {
    decide("abort", command);
    state.aborting = true;
    state.status = RolloutStatus.ABORTING;
    return published();
  }

  RolloutProgress skip(OperatorCommand command) {
    decide("skip", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.excluded(HostStatus.SKIPPED, "skipped by " + command.actor() + ": " + command.reason()));
    return published();
  }

  RolloutProgress retry(OperatorCommand command) {
    decide("retry", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.with(HostStatus.PENDING));
    return published();
  }

  RolloutProgress exclude(OperatorCommand command) {
    decide("exclude", command);
    HostRecord r = state.hosts.get(command.host());
    state.hosts.put(r.host(), r.excluded(HostStatus.EXCLUDED, "excluded by " + command.actor() + ": " + command.reason()));
    leases.release(r.host()); // the host may join another rollout now
    return published();
  }

  /** What the validators check: the rollout as {@link CommandRules} sees it. */
  CommandRules.View rules() {
    return new CommandRules.View(spec.id(), state.status, state.pausedBy, state.aborting ? state.lastAbort().actor() : null,
        state.aborting ? state.abortMode() : null, abortSettled, advanceRequested, state.gateReport, state.hosts, ending,
        state.lastStage(), view.heldBySchedule());
  }

  // ---- the signals ------------------------------------------------------------------------------

  /**
   * A command sent as a signal: checked by the update's rules and then carried out by the update's own
   * handler. Its sender cannot be answered, so a refusal is recorded as a decision instead.
   */
  void signal(String name, OperatorCommand sent, BiConsumer<CommandRules.View, OperatorCommand> rule,
      Consumer<OperatorCommand> handler) {
    if (!signalsHandled) {
      return;
    }
    OperatorCommand command = signals.received(name, sent);
    try {
      rule.accept(rules(), command);
    } catch (IllegalArgumentException | IllegalStateException refused) {
      state.decisions.add(SignalCommands.refusal(name, command, refused.getMessage(), now(), state.stageName(),
          state.gateReport));
      view.publish();
      return;
    }
    handler.accept(command);
  }

  private RolloutProgress published() {
    view.publish();
    return view.progress();
  }

  private void decide(String kind, OperatorCommand command) {
    state.decide(kind, command.actor(), command.reason(), CommandRules.parameters(command), now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
