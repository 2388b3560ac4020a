package dev.fleetroll.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ping workflow on Temporal's time-skipping test server: hours of holding pass in milliseconds. */
class PingWorkflowTest {

  private static final FakePingActivities activities = new FakePingActivities();

  @RegisterExtension
  static final TestWorkflowExtension temporal = withFleetrollSearchAttributes(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(PingWorkflowImpl.class)
      .setActivityImplementations(activities)
      .build();

  private static TestWorkflowExtension.Builder withFleetrollSearchAttributes(TestWorkflowExtension.Builder builder) {
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), key.getValueType());
    }
    return builder;
  }

  @BeforeEach
  void resetActivities() {
    activities.reset();
  }

  @Test
  void answersWithThePongAndMarksTheWorkflowForTheUi(WorkflowClient client, WorkflowOptions options) {
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);

    PingResult result = ping.ping(PingRequest.of("hello", "alice"));

    assertThat(result.pong()).isEqualTo(new Pong("hello", "fake-worker", 1, 0, 0));
    assertThat(result.release()).isNull();
    var description = WorkflowStub.fromTyped(ping).describe();
    assertThat(description.getTypedSearchAttributes().get(SearchAttributes.KIND)).isEqualTo("ping");
    assertThat(description.getTypedSearchAttributes().get(SearchAttributes.ACTOR)).isEqualTo("alice");
    assertThat(ping.progress().state()).isEqualTo(PingState.DONE);
  }

  @Test
  void retriesTheActivityWhenAnAttemptFails(WorkflowClient client, WorkflowOptions options) {
    activities.failuresLeft.set(2);
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);

    PingResult result = ping.ping(PingRequest.of("hello", "alice"));

    assertThat(result.pong().attempt()).isEqualTo(3);
  }

  @Test
  void holdEndsWhenItsTimeRunsOut(WorkflowClient client, WorkflowOptions options) {
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);

    PingResult result = ping.ping(new PingRequest("hello", "alice", Duration.ZERO, Duration.ofHours(6)));

    assertThat(result.release()).isNull();
    assertThat(workflowDuration(client, ping)).isBetween(Duration.ofHours(6), Duration.ofHours(7));
  }

  @Test
  void releaseUpdateEndsTheHoldEarly(WorkflowClient client, WorkflowOptions options) throws InterruptedException {
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);
    WorkflowClient.start(ping::ping, new PingRequest("hello", "alice", Duration.ZERO, Duration.ofHours(6)));
    awaitTrue(() -> ping.progress().state() == PingState.HOLDING);

    PingProgress progress = ping.release(new PingRelease("bob", "seen enough"));
    PingResult result = WorkflowStub.fromTyped(ping).getResult(PingResult.class);

    assertThat(progress.release()).isEqualTo(new PingRelease("bob", "seen enough"));
    assertThat(result.release()).isEqualTo(new PingRelease("bob", "seen enough"));
    assertThat(workflowDuration(client, ping)).isLessThan(Duration.ofHours(1));
    assertThat(events(client, ping, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).hasSize(1);
  }

  @Test
  void validatorRejectsReleaseWithoutReasonAndNothingReachesHistory(WorkflowClient client, WorkflowOptions options)
      throws InterruptedException {
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);
    WorkflowClient.start(ping::ping, new PingRequest("hello", "alice", Duration.ZERO, Duration.ofHours(6)));
    awaitTrue(() -> ping.progress().state() == PingState.HOLDING);

    assertThatThrownBy(() -> ping.release(new PingRelease("bob", "  ")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("a release needs a reason");

    PingResult result = WorkflowStub.fromTyped(ping).getResult(PingResult.class);
    assertThat(result.release()).isNull();
    assertThat(events(client, ping, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).isEmpty();
  }

  @Test
  void validatorRejectsReleaseWhileTheWorkerHasNotAnswered(WorkflowClient client, WorkflowOptions options)
      throws InterruptedException {
    activities.gate = new CountDownLatch(1);
    PingWorkflow ping = client.newWorkflowStub(PingWorkflow.class, options);
    WorkflowClient.start(ping::ping, PingRequest.of("hello", "alice"));
    assertThat(activities.started.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(ping.progress().state()).isEqualTo(PingState.PINGING);
    assertThatThrownBy(() -> ping.release(new PingRelease("bob", "too early")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("not holding (it is PINGING)");

    activities.gate.countDown();
    assertThat(WorkflowStub.fromTyped(ping).getResult(PingResult.class).release()).isNull();
  }

  private static Duration workflowDuration(WorkflowClient client, PingWorkflow ping) {
    List<HistoryEvent> history = history(client, ping);
    return Duration.between(instant(history.getFirst()), instant(history.getLast()));
  }

  private static List<HistoryEvent> events(WorkflowClient client, PingWorkflow ping, EventType type) {
    return history(client, ping).stream().filter(e -> e.getEventType() == type).toList();
  }

  private static List<HistoryEvent> history(WorkflowClient client, PingWorkflow ping) {
    String id = WorkflowStub.fromTyped(ping).getExecution().getWorkflowId();
    return client.fetchHistory(id).getHistory().getEventsList();
  }

  private static Instant instant(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
    }
  }

  /** Answers like the real activity; can fail its first attempts, or wait at a gate. */
  static final class FakePingActivities implements PingActivities {
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile CountDownLatch gate;
    volatile CountDownLatch started;

    void reset() {
      failuresLeft.set(0);
      gate = null;
      started = new CountDownLatch(1);
    }

    @Override
    public Pong pong(PingRequest request) {
      started.countDown();
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("attempt " + attempt + " failed on purpose");
      }
      if (gate != null) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(e);
        }
      }
      return new Pong(request.message(), "fake-worker", attempt, request.workSteps(), 0);
    }
  }
}
