package dev.fleetroll.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rollout as the {@code progress} query shows it: the CLI's status and watch and the tests read it.
 *
 * @param stageIndex the current stage (the last one once finished)
 * @param eta the expected time left for the hosts not yet done (operator waits not included), null when unknown
 * @param waitingSince when the rollout began to wait for assessment, null unless it does
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
    int maxInFlight) {

  public StageProgress currentStage() {
    return stages.isEmpty() ? null : stages.get(Math.min(stageIndex, stages.size() - 1));
  }
}
