package dev.fleetroll.rollout;

import java.util.List;

/** How a rollout ended: its final status, counts and every host's record with its evidence. */
public record RolloutResult(String id, RolloutStatus status, int succeeded, int failed, int notStarted,
    List<HostRecord> hosts) {}
