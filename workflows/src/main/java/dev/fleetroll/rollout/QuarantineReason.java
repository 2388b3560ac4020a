package dev.fleetroll.rollout;

/**
 * The quarantineInfo Fleetroll writes: it names the rollout and the actor, so anyone looking at the
 * worker in Taskcluster knows who holds it and why, and a rollout recognises its own quarantine after
 * a crash or a move to the end of its stage.
 */
public final class QuarantineReason {

  private static final String PREFIX = "fleetroll rollout ";

  private QuarantineReason() {}

  public static String of(HostJob job, String why) {
    return PREFIX + job.rolloutId() + " by " + job.actor() + ": " + why;
  }

  public static boolean isOurs(String reason, String rolloutId) {
    return reason != null && reason.startsWith(PREFIX + rolloutId + " ");
  }
}
