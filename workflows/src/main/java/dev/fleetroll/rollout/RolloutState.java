package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.plan.Stage;
import java.time.Instant;
import java.util.List;

/**
 * Everything a rollout carries across continue-as-new, in one serializable record. It is only taken
 * at a safe point: between stages or while waiting for assessment, with no host in flight and no
 * handler running. Fields added after the first release are null in older snapshots.
 *
 * @param status the phase when the snapshot was taken
 * @param pausedBy who paused the rollout, null unless paused
 * @param gates the latest gate report
 * @param passingSince since when the gates have held (the auto-advance soak), null when they fail
 * @param stageStartedAt when the current stage's first host started (the gates' window starts no earlier)
 * @param waiting true when taken while waiting at the end of the stage: the next run waits on, without
 *     running the stage again (null in snapshots taken between stages and in older ones)
 * @param acceptedFailures failed hosts of the stage an operator resumed past (null in older snapshots: 0)
 * @param acceptedGates gates an operator accepted for the stage by resuming or forcing the advance (null in
 *     older snapshots: none)
 */
public record RolloutState(
    RolloutStatus status,
    int stageIndex,
    List<Stage> stages,
    List<HostRecord> hosts,
    List<Decision> decisions,
    boolean aborting,
    long queueCounter,
    Instant startedAt,
    int runs,
    String pausedBy,
    GateReport gates,
    Instant waitingSince,
    Instant passingSince,
    Instant stageStartedAt,
    Boolean waiting,
    Integer acceptedFailures,
    List<String> acceptedGates) {}
