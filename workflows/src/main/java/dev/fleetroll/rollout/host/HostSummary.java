package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.HostRecord;
import java.util.Locale;

/** How a host of a rollout reads in the status views (the CLI's and the web's): its last step and evidence. */
public final class HostSummary {

  private HostSummary() {}

  /** The step a host that is not in flight stopped at: done, the failed step, or revert; "-" before it started. */
  public static String step(HostRecord h) {
    if (h.revert() != null) {
      return "revert";
    }
    if (h.outcome() != null) {
      return h.outcome().failure() != null ? h.outcome().failure().step().code() : "done";
    }
    return "-";
  }

  /** The evidence of a host that is not in flight: what Puppet ran and the tasks completed, or why it failed. */
  public static String evidence(HostRecord h) {
    if (h.revert() != null) {
      return h.revert().failure() != null ? "revert: " + h.revert().failure().message() : "override removed, Puppet ran without it";
    }
    if (h.outcome() != null) {
      return evidence(h.outcome());
    }
    return h.note() != null ? h.note() : "";
  }

  public static String evidence(HostOutcome o) {
    return switch (o.result()) {
      case SUCCEEDED -> "Puppet " + (o.puppet() != null ? o.puppet().gitBranch() + "@" + shortGit(o.puppet().gitSha())
          + " ran " + o.puppet().ranAt() : "ran") + (o.health() != null ? "; completed " + String.join(", ", o.health().completed()) : "");
      case FAILED -> o.failure().type().name().toLowerCase(Locale.ROOT) + ": " + o.failure().message()
          + (o.quarantined() ? " [still quarantined]" : "");
      default -> (o.failure() != null ? o.failure().message() : "") + (o.quarantined() ? " [still quarantined]" : "");
    };
  }

  private static String shortGit(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }
}
