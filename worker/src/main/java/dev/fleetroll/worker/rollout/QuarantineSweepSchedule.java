package dev.fleetroll.worker.rollout;

import dev.fleetroll.rollout.quarantine.QuarantineSweepWorkflow;
import dev.fleetroll.worker.TemporalRegistration;
import dev.fleetroll.worker.TemporalSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine sweep's Temporal Schedule, created when the worker starts, or updated to this worker's
 * interval when it exists (any number of workers may start: the result is one schedule). Registered in
 * the background, retried while the server is away, so a worker never waits for it.
 */
@Singleton
final class QuarantineSweepSchedule implements TemporalRegistration {

  private static final Logger log = LoggerFactory.getLogger(QuarantineSweepSchedule.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(30);

  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;
  private final Duration every;

  QuarantineSweepSchedule(WorkflowServiceStubs stubs, TemporalSettings settings,
      @Value("${fleetroll.quarantine-sweep.every:1h}") Duration every) {
    this.stubs = stubs;
    this.settings = settings;
    this.every = every;
  }

  @Override
  public void register(Worker worker) {
    Thread.ofVirtual().name("quarantine-sweep-schedule").start(this::registerUntilDone);
  }

  private void registerUntilDone() {
    while (true) {
      try {
        upsert();
        log.info("Quarantine sweep: schedule {} runs every {}", QuarantineSweepWorkflow.SCHEDULE_ID, every);
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          log.warn("Quarantine sweep: this Temporal server has no schedules; 'fleetroll host quarantined' still works");
          return;
        }
        log.warn("Quarantine sweep: schedule not registered yet ({}); trying again in {}", e.getStatus(), RETRY_EVERY);
      } catch (RuntimeException e) {
        log.warn("Quarantine sweep: schedule not registered yet ({}); trying again in {}", e.getMessage(), RETRY_EVERY);
      }
      try {
        Thread.sleep(RETRY_EVERY);
      } catch (InterruptedException e) {
        return; // the worker is stopping
      }
    }
  }

  private void upsert() {
    ScheduleClient schedules = ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder()
        .setNamespace(settings.namespace())
        .build());
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(QuarantineSweepWorkflow.class)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(QuarantineSweepWorkflow.KIND)
                .setTaskQueue(settings.taskQueue())
                .setWorkflowRunTimeout(Duration.ofMinutes(30))
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .build();
    try {
      schedules.createSchedule(QuarantineSweepWorkflow.SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
    } catch (ScheduleAlreadyRunningException exists) {
      schedules.getHandle(QuarantineSweepWorkflow.SCHEDULE_ID).update(current -> new ScheduleUpdate(schedule));
    }
  }
}
