package dev.fleetroll.rollout.host;

import java.time.Instant;

/**
 * The override is on the host.
 *
 * @param changed false when the host already had exactly this content (nothing was written)
 * @param modifiedAt the file's modification time, by the host's clock: Puppet's run must be newer
 * @param bootedAt when the host booted, read with the write: a reboot must come after it
 * @param backupPath where the previous file was saved, if there was one
 */
public record OverrideWritten(boolean changed, Instant modifiedAt, Instant bootedAt, String backupPath) {}
