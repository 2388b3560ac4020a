package dev.fleetroll.rollout.gate;

import dev.fleetroll.rollout.plan.GatePolicy;

/** Judges the gates of {@link GatePolicy} on {@link GateEvidence}: pure, so workflows call it directly. */
public final class GateEvaluator {

  private GateEvaluator() {}

  public static GateReport evaluate(GatePolicy policy, GateEvidence evidence) {
    throw new UnsupportedOperationException("GateEvaluator is being written (issue 7)");
  }
}
