package dev.fleetroll.inventory.drift;

import java.time.Instant;

/**
 * One way a host differs from what is expected.
 *
 * @param since when the host entered this state, as far as the store can tell (null: unknown)
 * @param detail what was found, for a person
 */
public record DriftFinding(String host, DriftType type, Instant since, String detail) {}
