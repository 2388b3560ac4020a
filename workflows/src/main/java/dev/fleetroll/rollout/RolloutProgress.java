package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.plan.AdvanceMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rollout as the {@code progress} query shows it: the CLI's status and watch and the tests read it.
 *
 * @param status where the rollout is; {@link RolloutStatus#PAUSED} while an operator holds it
 * @param stageIndex the current stage (the last one once finished)
 * @param eta the expected time left for the hosts not yet done (operator waits not included), null when unknown
 * @param waitingSince when the rollout began to wait for assessment (or paused on a gate), null unless it does
 * @param gates the latest gate report, null before the first stage ended
 * @param autoAdvanceAt with {@code advance: auto}, when the rollout advances by itself if the gates hold, else null
 * @param pausedBy who paused the rollout, null unless paused
 * @param heldBy what keeps the stage's next hosts from starting (a window, a freeze: status shows it), else null
 * @param heldBack which pool holds which host back and why (capacity floors), empty when none
 */
public record RolloutProgress(
    String id,
    String name,
    String actor,
    String overrideSha,
    String overrideName,
    RolloutStatus status,
    int stageIndex,
    List<StageProgress> stages,
    int total,
    int succeeded,
    int failed,
    int inFlight,
    int pending,
    int excluded,
    List<HostRecord> hosts,
    List<Decision> decisions,
    Instant startedAt,
    Instant waitingSince,
    Duration eta,
    int maxInFlight,
    AdvanceMode advance,
    GateReport gates,
    Instant autoAdvanceAt,
    String pausedBy,
    String heldBy,
    List<String> heldBack) {

  /** Progress without a hold (as the builds before windows and freezes showed it). */
  public RolloutProgress(String id, String name, String actor, String overrideSha, String overrideName,
      RolloutStatus status, int stageIndex, List<StageProgress> stages, int total, int succeeded, int failed,
      int inFlight, int pending, int excluded, List<HostRecord> hosts, List<Decision> decisions, Instant startedAt,
      Instant waitingSince, Duration eta, int maxInFlight, AdvanceMode advance, GateReport gates, Instant autoAdvanceAt,
      String pausedBy) {
    this(id, name, actor, overrideSha, overrideName, status, stageIndex, stages, total, succeeded, failed, inFlight,
        pending, excluded, hosts, decisions, startedAt, waitingSince, eta, maxInFlight, advance, gates, autoAdvanceAt,
        pausedBy, null, List.of());
  }

  /** Progress without hosts held back by their pools' capacity. */
  public RolloutProgress(String id, String name, String actor, String overrideSha, String overrideName,
      RolloutStatus status, int stageIndex, List<StageProgress> stages, int total, int succeeded, int failed,
      int inFlight, int pending, int excluded, List<HostRecord> hosts, List<Decision> decisions, Instant startedAt,
      Instant waitingSince, Duration eta, int maxInFlight, AdvanceMode advance, GateReport gates, Instant autoAdvanceAt,
      String pausedBy, String heldBy) {
    this(id, name, actor, overrideSha, overrideName, status, stageIndex, stages, total, succeeded, failed, inFlight,
        pending, excluded, hosts, decisions, startedAt, waitingSince, eta, maxInFlight, advance, gates, autoAdvanceAt,
        pausedBy, heldBy, List.of());
  }

  public RolloutProgress withHosts(List<HostRecord> newHosts) {
    return new RolloutProgress(id, name, actor, overrideSha, overrideName, status, stageIndex, stages, total, succeeded,
        failed, inFlight, pending, excluded, newHosts, decisions, startedAt, waitingSince, eta, maxInFlight, advance, gates,
        autoAdvanceAt, pausedBy, heldBy, heldBack);
  }

  public StageProgress currentStage() {
    return stages.isEmpty() ? null : stages.get(Math.min(stageIndex, stages.size() - 1));
  }
}
