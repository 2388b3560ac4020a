package dev.fleetroll.rollout.host;

/** {@code requested} is false when the host had rebooted since the write already (a retried attempt). */
public record Rebooted(boolean requested, String note) {}
