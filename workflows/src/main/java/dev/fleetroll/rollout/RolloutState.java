package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.Stage;
import java.time.Instant;
import java.util.List;

/**
 * Everything a rollout carries across continue-as-new, in one serializable record. It is only taken
 * at a safe point: between stages, with no host in flight and no handler running.
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
    int runs) {}
