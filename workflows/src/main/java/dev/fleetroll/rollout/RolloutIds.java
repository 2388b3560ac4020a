package dev.fleetroll.rollout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The workflow ids of a rollout, its hosts and their leases: readable in the Web UI and in one place. */
public final class RolloutIds {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private RolloutIds() {}

  /** {@code rollout-<name>-<yyyyMMdd-HHmm>} (UTC). */
  public static String rollout(String name, Instant at) {
    return "rollout-" + name + "-" + STAMP.format(at);
  }

  /** The host's pipeline inside a rollout: {@code <rollout id>/<host>}. */
  public static String host(String rolloutId, String host) {
    return rolloutId + "/" + host;
  }

  /** A host's revert (rollback) inside a rollout: {@code <rollout id>/<host>/revert}. */
  public static String revert(String rolloutId, String host) {
    return host(rolloutId, host) + "/revert";
  }

  /** The lease that keeps a host in one running rollout at a time: {@code lease/<host>}. */
  public static String lease(String host) {
    return "lease/" + host;
  }

  /** The finalize of a succeeded rollout (its override removed from every host): {@code finalize-<rollout id>}. */
  public static String finalize(String rolloutId) {
    return "finalize-" + rolloutId;
  }
}
