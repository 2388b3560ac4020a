package dev.fleetroll.worker.ping;

import dev.fleetroll.ping.PingWorkflowImpl;
import dev.fleetroll.ping.activities.PingActivitiesImpl;
import dev.fleetroll.worker.TemporalRegistration;
import dev.fleetroll.worker.WorkerIdentity;
import io.temporal.worker.Worker;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The ping workflow and its activity. */
@Singleton
final class PingRegistration implements TemporalRegistration {

  private final WorkerIdentity identity;

  PingRegistration(WorkerIdentity identity) {
    this.identity = identity;
  }

  @Override
  public void register(Worker worker) {
    worker.registerWorkflowImplementationTypes(PingWorkflowImpl.class);
    worker.registerActivitiesImplementations(new PingActivitiesImpl(identity.value(), Duration.ofSeconds(1)));
  }
}
