package dev.fleetroll.rollout.quarantine;

import dev.fleetroll.rollout.host.WorkerRef;
import java.time.Instant;

/**
 * A worker quarantined by a Fleetroll rollout that is no longer running: out of service with nobody
 * working on it. {@code fleetroll host release} returns it to service once someone has looked.
 *
 * @param host the host, as its rollout named it (the worker id when the rollout left no result)
 * @param rolloutId the rollout whose quarantine it is
 * @param rolloutState how that rollout ended: its status (succeeded, completed-with-failures, aborted...), or
 *     its workflow's (terminated, failed, timed-out) when it left no result, or "unknown" when it is gone
 * @param reason the quarantineInfo: the rollout, its actor, and why
 * @param why the rollout's last word on the host (its failure, why it was kept quarantined), or null
 * @param since when the quarantine was set (Taskcluster's record of it), or null
 */
public record StrandedQuarantine(String host, WorkerRef worker, String rolloutId, String rolloutState, String reason,
    String why, Instant since) {}
