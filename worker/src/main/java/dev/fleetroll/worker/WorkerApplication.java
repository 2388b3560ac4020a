package dev.fleetroll.worker;

import io.micronaut.runtime.Micronaut;

/** The Fleetroll worker: a Micronaut application hosting the Temporal worker. */
public final class WorkerApplication {
  public static void main(String[] args) {
    Micronaut.run(WorkerApplication.class, args);
  }
}
