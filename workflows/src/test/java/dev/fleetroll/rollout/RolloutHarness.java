package dev.fleetroll.rollout;

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
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollout on Temporal's time-skipping test server with a fake fleet, fake gate evidence and
 * webhook, and a fake host revert; the helpers the rollout tests share.
 */
abstract class RolloutHarness {

  static final String SHA = "5f1e9c3a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
  static final FakeFleet fleet = new FakeFleet();
  static final FakeGates gates = new FakeGates();
  static final FakeSignalSenders senders = new FakeSignalSenders();
  static final FakeFreezes freezes = new FakeFreezes();
  /** The default gates, with no soak: advance: auto moves on as soon as a stage's gates pass. */
  static final GatePolicy NO_SOAK = new GatePolicy(null, null, null, null, null, null, null, null, null, Duration.ZERO)
      .withDefaults();

  /** No soak, and failed hosts never hold a stage: for tests about something else. */
  static final GatePolicy TOLERANT = new GatePolicy(null, null, null, null, null, null, null,
      new dev.fleetroll.rollout.plan.FailedHostsLimit(100, 100), null, Duration.ZERO).withDefaults();

  @RegisterExtension
  static final TestWorkflowExtension temporal = withSearchAttributes(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
          LeaseWorkflowImpl.class, FakeRevert.class)
      .setActivityImplementations(fleet, gates, senders, freezes)
      .build();

  private static TestWorkflowExtension.Builder withSearchAttributes(TestWorkflowExtension.Builder builder) {
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), key.getValueType());
    }
    return builder;
  }

  TestWorkflowEnvironment env;
  WorkflowClient client;
  String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    this.env = env;
    this.client = client;
    this.taskQueue = options.getTaskQueue();
    fleet.reset(env::currentTimeMillis);
    gates.reset(env::currentTimeMillis);
    senders.reset();
    freezes.reset();
    FakeRevert.started.clear();
    FakeRevert.reasons.clear();
  }

  RolloutWorkflow start(RolloutSpec spec) {
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(spec.id()).setTaskQueue(taskQueue).build());
    WorkflowClient.start(rollout::run, RolloutInput.start(spec));
    return rollout;
  }

  /**
   * A workflow's status once it has closed (10 s at most): a lease or a child ends moments after the
   * signal or result that ends it, so reading it at once races the worker.
   */
  static io.temporal.api.enums.v1.WorkflowExecutionStatus statusOnceClosed(io.temporal.client.WorkflowClient client,
      String workflowId) throws InterruptedException {
    io.temporal.api.enums.v1.WorkflowExecutionStatus status = null;
    for (int i = 0; i < 100; i++) {
      status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
      if (status != io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        break;
      }
      Thread.sleep(100);
    }
    return status;
  }

  /** The rollout's result; a rollout still waiting (for an operator, on a gate) after 3 minutes fails the test. */
  static RolloutResult result(RolloutWorkflow rollout) {
    try {
      return WorkflowStub.fromTyped(rollout).getResult(3, java.util.concurrent.TimeUnit.MINUTES, RolloutResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the rollout did not end: " + rollout.progress().status(), e);
    }
  }

  /** Lets test time pass a minute at a time until the rollout's progress matches. */
  RolloutProgress awaitProgress(RolloutWorkflow rollout, Predicate<RolloutProgress> condition) {
    for (int i = 0; i < 600; i++) {
      RolloutProgress p = rollout.progress();
      if (condition.test(p)) {
        return p;
      }
      env.sleep(Duration.ofMinutes(1));
    }
    throw new AssertionError("the rollout never got there: " + rollout.progress());
  }

  static HostRecord record(RolloutResult result, String host) {
    return result.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
  }

  static HostRecord record(RolloutProgress progress, String host) {
    return progress.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
  }

  static List<HostTarget> hosts(String... names) {
    return java.util.Arrays.stream(names).map(n -> new HostTarget(n, HostPlatform.LINUX, "gecko_t_linux_2404_talos")).toList();
  }

  static RolloutPolicy policy(StagePolicy stages, int maxInFlight, AdvanceMode advance) {
    return policy(stages, maxInFlight, advance, new DrainPolicy(Duration.ofHours(6), DrainDeadlineAction.MOVE_TO_END));
  }

  static RolloutPolicy policy(StagePolicy stages, int maxInFlight, AdvanceMode advance, DrainPolicy drain) {
    return policy(stages, maxInFlight, advance, drain, NO_SOAK);
  }

  static RolloutPolicy policy(StagePolicy stages, int maxInFlight, AdvanceMode advance, DrainPolicy drain,
      GatePolicy gatePolicy) {
    return new RolloutPolicy(stages, maxInFlight, ConvergePolicy.DEFAULT, drain, new HealthPolicy(1, 0, Duration.ofHours(1)),
        new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(45), Duration.ofMinutes(1)), advance, gatePolicy);
  }

  static RolloutSpec spec(String name, List<HostTarget> hosts, RolloutPolicy policy) {
    return new RolloutSpec(RolloutIds.rollout(name, Instant.parse("2026-11-23T09:00:00Z")), name, "alice", SHA,
        "topic (black-fix)", hosts, List.of(), policy, Duration.ofMinutes(20), RolloutSpec.DEFAULT_HISTORY_LIMIT);
  }

  List<HistoryEvent> history(String workflowId) {
    return client.fetchHistory(workflowId).getHistory().getEventsList();
  }

  long acceptedUpdates(String workflowId) {
    return history(workflowId).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).count();
  }

  /** Today's code replays the history a test just wrote: the new paths are deterministic. */
  void replays(String workflowId) throws Exception {
    io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(client.fetchHistory(workflowId),
        RolloutWorkflowImpl.class);
  }

  static Instant instant(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }
}
