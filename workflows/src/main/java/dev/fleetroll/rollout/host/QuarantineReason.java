package dev.fleetroll.rollout.host;

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

  /** The rollout a quarantine reason names, or null when Fleetroll did not write it. */
  public static String rolloutOf(String reason) {
    if (reason == null || !reason.startsWith(PREFIX)) {
      return null;
    }
    int end = reason.indexOf(' ', PREFIX.length());
    return end > PREFIX.length() ? reason.substring(PREFIX.length(), end) : null;
  }
}
