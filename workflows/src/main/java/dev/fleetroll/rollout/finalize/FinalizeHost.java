package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.rollout.plan.HostTarget;

/** A host to finalize, and its worker as the rollout found it (null when unknown). */
public record FinalizeHost(HostTarget target, WorkerRef worker) {}
