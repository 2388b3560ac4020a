package dev.fleetroll.worker;

import io.temporal.worker.Worker;

/**
 * One area's workflows and activities. The worker asks every bean of this type to register itself,
 * so each area wires its own activities (from configuration) without touching the others.
 */
@FunctionalInterface
public interface TemporalRegistration {
  void register(Worker worker);
}
