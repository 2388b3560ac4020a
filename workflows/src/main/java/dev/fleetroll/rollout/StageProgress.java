package dev.fleetroll.rollout;

/** One stage's counts. */
public record StageProgress(int index, String name, int hosts, int succeeded, int failed, int inFlight, int pending) {}
