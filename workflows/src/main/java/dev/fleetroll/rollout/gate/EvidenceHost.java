package dev.fleetroll.rollout.gate;

import dev.fleetroll.rollout.host.WorkerRef;

/**
 * A host whose worker the gates look at.
 *
 * @param worker the worker when a pre-flight found it, else null (the activity finds it from the role)
 * @param role the Puppet role, null when unknown
 */
public record EvidenceHost(String host, String role, WorkerRef worker) {}
