package dev.fleetroll.worker;

import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every area's workflows and activities, starts polling once the application is up, and on
 * shutdown (SIGTERM) stops polling and lets running tasks finish within the grace period. It owns the
 * shutdown order: the worker first, then the connection it reports through, then the metrics scope.
 */
@Context
final class TemporalWorkerLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TemporalWorkerLifecycle.class);

  private final WorkerFactory factory;
  private final Worker worker;
  private final List<TemporalRegistration> registrations;
  private final TemporalSettings settings;
  private final TemporalTarget target;
  private final WorkerIdentity identity;
  private final WorkerMetrics metrics;
  private final WorkflowServiceStubs stubs;
  private final Scope metricsScope;

  TemporalWorkerLifecycle(WorkerFactory factory, Worker worker, List<TemporalRegistration> registrations,
      TemporalSettings settings, TemporalTarget target, WorkerIdentity identity, WorkerMetrics metrics,
      WorkflowServiceStubs stubs, Scope metricsScope) {
    this.target = target;
    this.stubs = stubs;
    this.metricsScope = metricsScope;
    this.factory = factory;
    this.worker = worker;
    this.registrations = registrations;
    this.settings = settings;
    this.identity = identity;
    this.metrics = metrics;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    registrations.forEach(registration -> registration.register(worker));
    factory.start();
    Duration sinceJvmStart = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    metrics.started(registrations.size(), sinceJvmStart);
    log.info("Worker {} polls task queue '{}' in namespace '{}' at {} ({}; {} registrations, {} ms after JVM start)",
        identity, settings.taskQueue(), target.namespace(), target.address(), target.profile().security(),
        registrations.size(), sinceJvmStart.toMillis());
  }

  @PreDestroy
  void shutdown() {
    stopWorker();
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    try {
      metricsScope.close();
    } catch (ScopeCloseException e) {
      log.warn("cannot flush the last Temporal metrics: {}", e.getMessage());
    }
  }

  private void stopWorker() {
    if (!factory.isStarted() || factory.isShutdown()) {
      return;
    }
    log.info("Worker {} stops polling; waiting up to {} s for running tasks", identity, settings.shutdownGrace().toSeconds());
    factory.shutdown();
    factory.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("Worker {}: tasks still running after {} s; interrupting them (Temporal retries them)",
          identity, settings.shutdownGrace().toSeconds());
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    log.info("Worker {} stopped", identity);
  }

  boolean isPolling() {
    return factory.isStarted() && !factory.isShutdown();
  }
}
