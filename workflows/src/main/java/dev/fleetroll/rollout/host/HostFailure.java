package dev.fleetroll.rollout.host;

/**
 * Why a host failed: the type the rollout counts it as, the step, the failure code ({@link StepFailures})
 * and what was seen.
 */
public record HostFailure(FailureType type, HostStep step, String code, String message) {

  public static HostFailure of(HostStep step, String code, String message) {
    return new HostFailure(StepFailures.typeOf(code), step, code, message);
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(java.util.Locale.ROOT) + " failure at " + step.code() + " (" + code + "): " + message;
  }
}
