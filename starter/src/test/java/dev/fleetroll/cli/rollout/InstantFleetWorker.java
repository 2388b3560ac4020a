package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutInput;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutSpec;
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
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * bench/cli's big rollout: the real rollout, host and lease workflows on a task queue of their own, with
 * activities that succeed at once ({@link OperatorCommandsCliTest.SmoothFleet}), so that a 1,000-host rollout
 * leaves a real rollout history (the same children, leases, gate looks and continue-as-new) in minutes on
 * two cores instead of a simulated fleet's half hour. With HOSTS, runs one rollout of HOSTS hosts to its end
 * and prints its id; either way it keeps serving the queue (older CLIs query ended rollouts) until killed.
 *
 * <p>Arguments: ADDRESS TASK_QUEUE [HOSTS MAX_IN_FLIGHT]
 */
public final class InstantFleetWorker {

  private InstantFleetWorker() {}

  public static void main(String[] args) {
    String address = args[0];
    String queue = args[1];
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client = WorkflowClient.newInstance(service,
        WorkflowClientOptions.newBuilder().setNamespace("default").setIdentity("bench-instant-fleet").build());
    WorkerFactory workers = WorkerFactory.newInstance(client);
    // The first task of a 1,000-host rollout starts 1,000 leases: on a busy machine with a cold JIT that takes
    // longer than the SDK's 1 s deadlock detection, which would fail the task again and again.
    workers.newWorker(queue, WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build())
        .registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
            LeaseWorkflowImpl.class);
    workers.getWorker(queue).registerActivitiesImplementations(new OperatorCommandsCliTest.SmoothFleet());
    workers.start(); // its threads keep the JVM up after main returns

    if (args.length > 2) {
      int hosts = Integer.parseInt(args[2]);
      RolloutSpec spec = spec(hosts, Integer.parseInt(args[3]));
      RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(spec.id()).setTaskQueue(queue).build());
      WorkflowClient.start(rollout::run, RolloutInput.start(spec));
      RolloutResult result = WorkflowStub.fromTyped(rollout).getResult(RolloutResult.class);
      System.out.println(spec.id() + " " + result.status().code() + " " + result.succeeded() + "/" + hosts);
      System.out.flush();
    }
  }

  /** A canary, then 10% and the rest, advancing by itself with no soak; gates a smooth fleet passes. */
  private static RolloutSpec spec(int hosts, int inFlight) {
    List<HostTarget> targets = IntStream.rangeClosed(1, hosts)
        .mapToObj(i -> new HostTarget(String.format("t-linux64-ms-%04d.bench.releng.mdc1.mozilla.com", i),
            HostPlatform.LINUX, "gecko_t_linux_2404_talos"))
        .toList();
    GatePolicy gates = new GatePolicy(null, 1, null, null, null, null, null, null, null, Duration.ZERO).withDefaults();
    RolloutPolicy policy = new RolloutPolicy(new StagePolicy(Math.min(20, hosts), List.of("10%", "100%")), inFlight,
        ConvergePolicy.DEFAULT, new DrainPolicy(Duration.ofMinutes(30), DrainDeadlineAction.MOVE_TO_END),
        new HealthPolicy(1, 0, Duration.ofMinutes(30)),
        new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(1)), AdvanceMode.AUTO, gates);
    String sha = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
    return new RolloutSpec(RolloutIds.rollout("bench" + hosts, Instant.now()), "bench" + hosts, "bench", sha,
        "bench (instant fleet)", targets, List.of(), policy, Duration.ofMinutes(1), RolloutSpec.DEFAULT_HISTORY_LIMIT);
  }
}
