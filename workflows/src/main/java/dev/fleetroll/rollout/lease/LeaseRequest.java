package dev.fleetroll.rollout.lease;

/** Who holds a host: the rollout and the actor who started it. */
public record LeaseRequest(String host, String rolloutId, String actor) {}
