package dev.fleetroll.worker;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** /health: UP while the worker polls and the Temporal server answers its health check. */
@Singleton
@Readiness
final class TemporalHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final TemporalWorkerLifecycle lifecycle;
  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;
  private final TemporalTarget target;
  private final WorkerIdentity identity;

  TemporalHealthIndicator(TemporalWorkerLifecycle lifecycle, WorkflowServiceStubs stubs,
      TemporalSettings settings, TemporalTarget target, WorkerIdentity identity) {
    this.lifecycle = lifecycle;
    this.stubs = stubs;
    this.settings = settings;
    this.target = target;
    this.identity = identity;
  }

  @Override
  protected String getName() {
    return "temporal";
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", target.address());
    details.put("namespace", target.namespace());
    details.put("security", target.profile().security());
    details.put("taskQueue", settings.taskQueue());
    details.put("identity", identity.value());
    boolean polling = lifecycle.isPolling();
    details.put("polling", polling);
    String server;
    try {
      server = stubs.healthCheck().getStatus().name();
    } catch (RuntimeException e) {
      server = "unreachable: " + e.getMessage();
    }
    details.put("server", server);
    healthStatus = polling && "SERVING".equals(server) ? HealthStatus.UP : HealthStatus.DOWN;
    return details;
  }
}
