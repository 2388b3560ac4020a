package dev.fleetroll.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.fleetroll.home.FleetrollHome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/** Builds the Temporal connection, client and worker from {@link TemporalSettings}. */
@Factory
final class TemporalFactory {

  @Singleton
  WorkerIdentity workerIdentity() {
    return WorkerIdentity.current();
  }

  @Singleton
  TemporalTarget temporalTarget(TemporalSettings settings) {
    return TemporalTarget.of(settings, System.getenv());
  }

  @Singleton
  FleetrollHome fleetrollHome(@Value("${fleetroll.home:}") String configured) {
    return FleetrollHome.fromEnvironment(Map.of("FLEETROLL_HOME", configured));
  }

  /**
   * The SDK's own metrics (polls, task latencies, failures) go to Micrometer, and so to /prometheus.
   * Closed by {@link TemporalWorkerLifecycle}, after the worker stopped.
   */
  @Singleton
  Scope temporalMetrics(MeterRegistry registry, TemporalSettings settings) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofMillis(settings.metricsInterval().toMillis()));
  }

  /**
   * Connects lazily: the worker keeps polling (and /health says DOWN) while the server is away.
   * Shut down by {@link TemporalWorkerLifecycle}, after the worker stopped: running activities still
   * need it to report their results.
   */
  @Singleton
  WorkflowServiceStubs serviceStubs(TemporalTarget target, Scope metrics) {
    return WorkflowServiceStubs.newServiceStubs(target.profile().stubs(target.address())
        .setMetricsScope(metrics)
        .build());
  }

  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalTarget target, WorkerIdentity identity) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(target.namespace())
        .setIdentity(identity.value())
        .build());
  }

  @Singleton
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setUsingVirtualWorkflowThreads(true)
        .build());
  }

  /**
   * On SIGTERM, running activities keep heartbeating and may finish within the grace period. (By default
   * the SDK fails them at their next heartbeat instead, and tasks that in-flight polls still deliver fail
   * the same way, burning retry attempts while the worker stops.)
   */
  @Singleton
  Worker worker(WorkerFactory factory, TemporalSettings settings, WorkerIdentity identity) {
    return factory.newWorker(settings.taskQueue(), workerOptions(identity.value(), settings.maxConcurrentActivities()));
  }

  /**
   * A workflow task may keep its thread for up to 10 s (the server's workflow task timeout) before the SDK calls
   * it a deadlock: its default of 1 s failed a 200-host rollout's first tasks four times on a loaded 2-core
   * machine (cutting its stages, asking for 200 leases, a cold JVM), each retry later than the one before.
   */
  static WorkerOptions workerOptions(String identity, int maxConcurrentActivities) {
    return WorkerOptions.newBuilder()
        .setIdentity(identity)
        .setUsingVirtualThreads(true)
        .setAllowActivityHeartbeatDuringShutdown(true)
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(10).toMillis())
        .build();
  }
}
