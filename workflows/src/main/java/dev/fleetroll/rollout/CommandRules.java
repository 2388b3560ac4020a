package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validators of the operator commands, apart from the workflow so the rules read in one place. A
 * command they refuse never reaches history; the message is what the CLI prints, so it says why and,
 * where there is one, what to do instead.
 */
final class CommandRules {

  /**
   * What the rules look at: the rollout at the moment the command arrives.
   *
   * @param abortMode the mode of the abort under way, null when none is
   * @param abortSettled the abort has gone past the point where a stronger mode could still change it
   * @param ending the rollout has stopped running hosts and is ending: no command can change that any more
   * @param lastStage the rollout is in its last stage (an advance ends it)
   * @param heldBy what keeps the running stage's hosts from starting (a window, a freeze), null when nothing does
   */
  record View(String id, RolloutStatus status, String pausedBy, String abortedBy, AbortMode abortMode,
      boolean abortSettled, boolean advanceRequested, GateReport gates, Map<String, HostRecord> hosts, boolean ending,
      boolean lastStage, String heldBy) {
    View(String id, RolloutStatus status, String pausedBy, String abortedBy, AbortMode abortMode, boolean abortSettled,
        boolean advanceRequested, GateReport gates, Map<String, HostRecord> hosts, boolean ending, boolean lastStage) {
      this(id, status, pausedBy, abortedBy, abortMode, abortSettled, advanceRequested, gates, hosts, ending, lastStage,
          null);
    }

    boolean aborting() {
      return abortMode != null;
    }
  }

  private CommandRules() {}

  static void advance(View r, OperatorCommand c) {
    common(r, c);
    if (r.pausedBy() != null) {
      throw refused("rollout " + r.id() + " is paused (by " + r.pausedBy() + "): resume it first");
    }
    if (r.heldBy() != null && r.status() == RolloutStatus.RUNNING) {
      // A stage held by a window or a freeze: only a forced advance starts its hosts, and it says why.
      if (!c.force()) {
        throw refused("rollout " + r.id() + " is " + r.heldBy() + " (advance --force --reason TEXT starts this stage's"
            + " hosts anyway)");
      }
      if (blank(c.reason())) {
        throw invalid("a forced advance needs a reason (--reason TEXT)");
      }
      if (c.batchSize() != null) {
        throw invalid("--batch-size sizes the next stage: this one runs already");
      }
      return;
    }
    if ((r.status() != RolloutStatus.WAITING_FOR_ASSESSMENT && r.status() != RolloutStatus.PAUSED_ON_GATE)
        || r.advanceRequested()) {
      throw refused("rollout " + r.id() + " is not waiting for assessment (it is "
          + (r.advanceRequested() ? "advancing" : r.status().code()) + ")");
    }
    if (c.batchSize() != null && c.batchSize() < 1) {
      throw invalid("--batch-size must be at least 1 (was " + c.batchSize() + ")");
    }
    if (c.batchSize() != null && r.lastStage()) {
      throw refused("rollout " + r.id() + " is in its last stage: an advance ends it, there is no next stage to size");
    }
    if (c.force() && blank(c.reason())) {
      throw invalid("a forced advance needs a reason (--reason TEXT)");
    }
    boolean gatesFail = r.status() == RolloutStatus.PAUSED_ON_GATE || (r.gates() != null && !r.gates().passed());
    if (gatesFail && !c.force()) {
      throw refused("rollout " + r.id() + " is held by its gates: " + String.join("; ", StageGates.failing(r.gates()))
          + " (advance --force --reason TEXT advances anyway)");
    }
  }

  static void pause(View r, OperatorCommand c) {
    common(r, c);
    if (r.pausedBy() != null) {
      throw refused("rollout " + r.id() + " is paused already (by " + r.pausedBy() + ")");
    }
  }

  static void resume(View r, OperatorCommand c) {
    actor(c);
    finished(r);
    if (r.pausedBy() == null) {
      throw refused("rollout " + r.id() + " is not paused (it is " + r.status().code() + ")");
    }
  }

  static void abort(View r, OperatorCommand c) {
    actor(c);
    finished(r);
    if (r.aborting() && (r.abortSettled() || c.abortMode().compareTo(r.abortMode()) <= 0)) {
      // An abort may be escalated (stop-new, then safe-stop, then rollback) until its hosts have stopped.
      throw refused("rollout " + r.id() + " is being aborted already (by " + r.abortedBy() + ", "
          + r.abortMode().code() + ")" + (r.abortSettled() ? "" : "; only a stronger mode can follow"));
    }
    if (blank(c.reason())) {
      throw invalid("an abort needs a reason (--reason TEXT)");
    }
  }

  static void skip(View r, OperatorCommand c) {
    HostRecord h = host(r, c);
    requireReason(c, "a skip");
    if (h.status() != HostStatus.PENDING) {
      throw refused(h.host() + " is " + code(h.status()) + ": only a host not started yet can be skipped");
    }
  }

  static void retry(View r, OperatorCommand c) {
    HostRecord h = host(r, c);
    if (h.status() != HostStatus.FAILED) {
      throw refused(h.host() + " is " + code(h.status()) + ": only a failed host can be retried");
    }
  }

  static void exclude(View r, OperatorCommand c) {
    HostRecord h = host(r, c);
    requireReason(c, "an exclude");
    if (h.status() != HostStatus.PENDING) {
      throw refused(h.host() + " is " + code(h.status()) + ": only a host not started yet can be excluded");
    }
  }

  /** The parameters a decision records: only those the command has. */
  public static Map<String, String> parameters(OperatorCommand c) {
    Map<String, String> p = new LinkedHashMap<>();
    if (c.host() != null) {
      p.put("host", c.host());
    }
    if (c.force()) {
      p.put("force", "true");
    }
    if (c.batchSize() != null) {
      p.put("batch_size", String.valueOf(c.batchSize()));
    }
    if (c.mode() != null) {
      p.put("mode", c.mode().code());
    }
    return Map.copyOf(p);
  }

  // ---- shared rules -------------------------------------------------------------------------------

  private static HostRecord host(View r, OperatorCommand c) {
    common(r, c);
    if (blank(c.host())) {
      throw invalid("the command needs a host");
    }
    HostRecord h = r.hosts().get(c.host());
    if (h == null) {
      throw invalid(c.host() + " is not a host of rollout " + r.id());
    }
    if (r.status() == RolloutStatus.STARTING) {
      // Its lease may be being taken: an exclusion now could leave it held.
      throw refused("rollout " + r.id() + " is still taking its leases: try again in a moment");
    }
    return h;
  }

  private static void common(View r, OperatorCommand c) {
    actor(c);
    finished(r);
    if (r.aborting()) {
      throw refused("rollout " + r.id() + " is being aborted (by " + r.abortedBy() + ")");
    }
  }

  private static void actor(OperatorCommand c) {
    if (c == null || blank(c.actor())) {
      throw invalid("a command needs the actor who gives it");
    }
  }

  private static void finished(View r) {
    if (r.status().finished()) {
      throw refused("rollout " + r.id() + " has finished (" + r.status().code() + ")");
    }
    if (r.ending()) {
      throw refused("rollout " + r.id() + " is ending (its hosts are done): a command can no longer change it");
    }
  }

  private static void requireReason(OperatorCommand c, String what) {
    if (blank(c.reason())) {
      throw invalid(what + " needs a reason (--reason TEXT)");
    }
  }

  private static String code(HostStatus s) {
    return s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static IllegalStateException refused(String message) {
    return new IllegalStateException(message);
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }
}
