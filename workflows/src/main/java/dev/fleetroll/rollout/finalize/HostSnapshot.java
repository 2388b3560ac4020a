package dev.fleetroll.rollout.finalize;

import java.time.Instant;

/**
 * A host as it was before the finalize touched it: the override and Puppet's last run, for the record.
 *
 * @param error why the host could not be read (it is reverted all the same; its revert checks again)
 */
public record HostSnapshot(Instant at, String overrideSha, Instant puppetLastRun, Boolean puppetSuccess,
    String puppetOverrideSha, String error) {}
