package dev.fleetroll.rollout;

/**
 * The argument of every operator command (a Temporal update): who asks, why, and the command's own
 * parameters; those a command does not take are null. Validators check them before anything is recorded.
 *
 * @param reason free text; required for a forced advance, an abort, a skip and an exclude
 * @param host the host of {@code skip}, {@code retry} and {@code exclude}
 * @param force {@code advance} past failing gates
 * @param batchSize {@code advance}: the next stage takes this many hosts (later stages keep their sizes)
 * @param mode {@code abort}: how to stop (null: safe-stop, as before abort had modes)
 */
public record OperatorCommand(String actor, String reason, String host, boolean force, Integer batchSize,
    AbortMode mode) {

  public OperatorCommand(String actor, String reason) {
    this(actor, reason, null, false, null, null);
  }

  public static OperatorCommand advance(String actor, String reason, boolean force, Integer batchSize) {
    return new OperatorCommand(actor, reason, null, force, batchSize, null);
  }

  public static OperatorCommand abort(String actor, String reason, AbortMode mode) {
    return new OperatorCommand(actor, reason, null, false, null, mode);
  }

  public static OperatorCommand host(String actor, String reason, String host) {
    return new OperatorCommand(actor, reason, host, false, null, null);
  }

  /** The same command given by {@code who}. */
  public OperatorCommand withActor(String who) {
    return new OperatorCommand(who, reason, host, force, batchSize, mode);
  }

  /** The abort mode, safe-stop when none was given. */
  public AbortMode abortMode() {
    return mode != null ? mode : AbortMode.SAFE_STOP;
  }
}
