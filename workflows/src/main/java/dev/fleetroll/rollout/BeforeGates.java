package dev.fleetroll.rollout;

import dev.fleetroll.rollout.RolloutState.Phase;
import dev.fleetroll.rollout.plan.AdvanceMode;
import io.temporal.workflow.Workflow;
import java.util.function.BooleanSupplier;

/**
 * A rollout whose policy has no gates, started before issue 7: it runs as it did then. No gate is judged or
 * watched, nobody is notified, and at the end of a stage it waits for an operator in manual mode or advances at
 * once in auto mode. The recorded histories of such rollouts replay because of it.
 */
final class BeforeGates extends GateWatch {

  BeforeGates(RolloutSpec spec, RolloutState state, StageGates gates, Notifier notifier, RolloutView view,
      BooleanSupplier advanceRequested) {
    super(spec, state, gates, notifier, view, advanceRequested);
  }

  @Override
  int looksWhileRunning() {
    return Workflow.DEFAULT_VERSION;
  }

  @Override
  void judgeStageEnd() {}

  @Override
  void holdIfTooManyFailed() {}

  @Override
  void judgeWhileRunning() {}

  @Override
  boolean lastStageWaits() {
    return false;
  }

  @Override
  Phase waitAtStageEnd(Runnable afterLook) {
    if (spec.policy().advance() == AdvanceMode.MANUAL) {
      state.status = RolloutStatus.WAITING_FOR_ASSESSMENT;
      state.waitingSince = now();
      view.publish();
      Workflow.await(() -> advanceRequested.getAsBoolean() || state.aborting);
    }
    return state.aborting ? Phase.FINISHING : Phase.ADVANCING;
  }

  @Override
  void notifyEnd(String summary) {}
}
