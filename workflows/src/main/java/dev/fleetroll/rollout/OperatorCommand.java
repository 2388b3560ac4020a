package dev.fleetroll.rollout;

/** The argument of {@code advance} and {@code abort}: who asks, and why (free text, may be empty). */
public record OperatorCommand(String actor, String reason) {}
