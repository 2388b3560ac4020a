package dev.fleetroll.rollout;

/** The rollout workflow's argument: the spec, and the state carried over when it continued as new (else null). */
public record RolloutInput(RolloutSpec spec, RolloutState state) {

  public static RolloutInput start(RolloutSpec spec) {
    return new RolloutInput(spec, null);
  }
}
