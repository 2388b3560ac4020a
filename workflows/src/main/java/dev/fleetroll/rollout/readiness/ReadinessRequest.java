package dev.fleetroll.rollout.readiness;

import java.time.Instant;
import java.util.List;

/**
 * What a rollout, finalize or rollback is about to ask of the workers: the hosts it will reach over SSH,
 * whether it quarantines workers in Taskcluster, and until when its Taskcluster credentials must last.
 *
 * @param purpose what is about to start, for the messages ("rollout", "finalize", "rollback")
 * @param hosts the hosts the workers will connect to
 * @param until when the work is expected to end; temporary credentials expiring before then are named
 */
public record ReadinessRequest(String purpose, List<String> hosts, Instant until) {}
