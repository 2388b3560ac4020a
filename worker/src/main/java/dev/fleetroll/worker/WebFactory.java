package dev.fleetroll.worker;

import dev.fleetroll.web.Rollouts;
import dev.fleetroll.web.TemporalRollouts;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;

/**
 * The web view (module web) on the worker's HTTP server, beside /health and /prometheus: the fleet from
 * the store of the worker's data directory, the rollouts from the Temporal it polls. One view for a team.
 */
@Factory
final class WebFactory {

  @Singleton
  Rollouts rollouts(WorkflowClient client, TemporalSettings settings, @Value("${fleetroll.temporal.ui:}") String webUi) {
    return new TemporalRollouts(client, settings.address(), webUi);
  }
}
