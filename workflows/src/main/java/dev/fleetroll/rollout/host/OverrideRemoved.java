package dev.fleetroll.rollout.host;

import java.time.Instant;

/**
 * The override is off the host.
 *
 * @param removed false when there was nothing to remove (an earlier attempt did, or it was never there)
 * @param removedAt the host's clock at the removal (or, with nothing to remove, at the look): Puppet's
 *     run without the override must be newer
 * @param bootedAt when the host booted, read with the removal: a reboot must come after it
 * @param backupPath where the removed file was saved ({@code <path>.bak.<UTC stamp>}), null when nothing was removed
 */
public record OverrideRemoved(boolean removed, Instant removedAt, Instant bootedAt, String backupPath) {}
