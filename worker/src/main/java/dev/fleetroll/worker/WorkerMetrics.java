package dev.fleetroll.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Fleetroll's own worker metrics, next to the SDK's {@code temporal_*} ones on /prometheus. */
@Singleton
final class WorkerMetrics {

  private final AtomicLong readyMillis = new AtomicLong(-1);
  private final AtomicLong registrations = new AtomicLong();

  WorkerMetrics(MeterRegistry registry, TemporalSettings settings) {
    Gauge.builder("fleetroll.worker.ready.seconds", readyMillis, millis -> millis.get() / 1000.0)
        .description("Time from JVM start until the worker polled its task queue (-0.001 until then)")
        .tag("task_queue", settings.taskQueue())
        .register(registry);
    Gauge.builder("fleetroll.worker.registrations", registrations, AtomicLong::get)
        .description("Areas that registered workflows and activities with this worker")
        .tag("task_queue", settings.taskQueue())
        .register(registry);
  }

  void started(int registrationCount, Duration sinceJvmStart) {
    registrations.set(registrationCount);
    readyMillis.set(sinceJvmStart.toMillis());
  }
}
