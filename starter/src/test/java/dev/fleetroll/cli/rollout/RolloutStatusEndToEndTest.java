package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.e2e.CliRun;
import dev.fleetroll.e2e.LocalTemporal;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutInput;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.rollout.RolloutWorkflowImpl;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;
import dev.fleetroll.rollout.lease.LeaseWorkflowImpl;
import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.ConvergePolicy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.HealthPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.rollout.plan.StagePolicy;
import dev.fleetroll.rollout.plan.Timeouts;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rollout status} and {@code history} as a process against the real Temporal dev server, when no
 * worker is there to answer a query: an ended rollout answers from its result; a running one says at once
 * that it needs a worker.
 */
class RolloutStatusEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  @Test
  void anEndedRolloutShowsItsStatusAndHistoryWithNoWorkerUp() throws Exception {
    String queue = temporal.endpoint().taskQueue();
    WorkerFactory workers = WorkerFactory.newInstance(temporal.client());
    workers.newWorker(queue).registerWorkflowImplementationTypes(RolloutWorkflowImpl.class,
        HostRolloutWorkflowImpl.class, LeaseWorkflowImpl.class);
    workers.getWorker(queue).registerActivitiesImplementations(new OperatorCommandsCliTest.SmoothFleet());
    workers.start();
    RolloutSpec spec = spec("ended", AdvanceMode.MANUAL, "a", "b", "c");
    RolloutWorkflow rollout = start(spec, queue);
    awaitWaiting(rollout);
    rollout.advance(new OperatorCommand("alice", "canary fine"));
    RolloutResult result = WorkflowStub.fromTyped(rollout).getResult(2, TimeUnit.MINUTES, RolloutResult.class);
    workers.shutdownNow();
    workers.awaitTermination(30, TimeUnit.SECONDS);

    CliRun status = temporal.cli("rollout", "status", spec.id());
    CliRun history = temporal.cli("rollout", "history", spec.id());

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("succeeded").contains("3/3 done");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out()).contains("advance").contains("alice").contains("canary fine");
  }

  @Test
  void aRunningRolloutWithNoWorkerSaysSoAtOnce() {
    RolloutSpec spec = spec("unserved", AdvanceMode.AUTO, "a");
    start(spec, "nobody-polls-this");

    CliRun status = temporal.cli("rollout", "status", spec.id());

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
    assertThat(status.err()).isEqualTo("fleetroll: no worker polls task queue 'nobody-polls-this' at "
        + temporal.endpoint().address() + "; start one with './fleetroll server start' or './fleetroll worker'\n");
  }

  private static RolloutWorkflow start(RolloutSpec spec, String queue) {
    RolloutWorkflow rollout = temporal.client().newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(spec.id()).setTaskQueue(queue).build());
    WorkflowClient.start(rollout::run, RolloutInput.start(spec));
    return rollout;
  }

  private static void awaitWaiting(RolloutWorkflow rollout) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    RolloutProgress p = rollout.progress();
    while (p.status() != RolloutStatus.WAITING_FOR_ASSESSMENT && System.nanoTime() < deadline) {
      Thread.sleep(200);
      p = rollout.progress();
    }
    assertThat(p.status()).isEqualTo(RolloutStatus.WAITING_FOR_ASSESSMENT);
  }

  private static RolloutSpec spec(String name, AdvanceMode advance, String... hosts) {
    GatePolicy gates = new GatePolicy(null, 1, null, null, null, null, null, null, null, Duration.ZERO).withDefaults();
    RolloutPolicy policy = new RolloutPolicy(new StagePolicy(1, List.of("100%")), 2, ConvergePolicy.DEFAULT,
        new DrainPolicy(Duration.ofMinutes(5), DrainDeadlineAction.FAIL), new HealthPolicy(1, 0, Duration.ofMinutes(5)),
        new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1)), advance, gates);
    List<HostTarget> targets = Arrays.stream(hosts).map(h -> new HostTarget(name + "-" + h, HostPlatform.LINUX, "role"))
        .toList();
    return new RolloutSpec(RolloutIds.rollout(name, Instant.now()), name, "alice",
        "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f", "topic (cli)", targets, List.of(), policy,
        Duration.ofMinutes(1), RolloutSpec.DEFAULT_HISTORY_LIMIT);
  }
}
