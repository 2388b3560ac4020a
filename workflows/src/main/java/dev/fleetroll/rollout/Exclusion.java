package dev.fleetroll.rollout;

/** A target host left out of a rollout, and why (by the plan, the dry run, or a lease held elsewhere). */
public record Exclusion(String host, String reason) {}
