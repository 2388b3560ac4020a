package dev.fleetroll.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A loaded machine makes a big rollout's first workflow tasks slow (a cold JVM, hundreds of hosts to plan and
 * lease): the worker lets a task keep its thread for seconds instead of failing it as a deadlock after one.
 */
class BusyWorkflowTaskTest {

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aWorkflowTaskThatKeepsItsThreadForTwoSecondsCompletesAtTheFirstAttempt() {
    Worker worker = env.newWorker("busy", TemporalFactory.workerOptions("test", 4));
    worker.registerWorkflowImplementationTypes(BusyImpl.class);
    env.start();
    Busy busy = env.getWorkflowClient().newWorkflowStub(Busy.class, WorkflowOptions.newBuilder()
        .setTaskQueue("busy").setWorkflowId("busy").setWorkflowRunTimeout(Duration.ofMinutes(1)).build());

    assertThat(busy.run()).isEqualTo("done");
    assertThat(env.getWorkflowClient().fetchHistory("busy").getHistory().getEventsList())
        .as("no workflow task failed").noneMatch(e -> e.hasWorkflowTaskFailedEventAttributes());
  }

  @WorkflowInterface
  public interface Busy {
    @WorkflowMethod
    String run();
  }

  public static class BusyImpl implements Busy {
    @Override
    public String run() {
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      long spins = 0;
      while (System.nanoTime() < end) {
        spins++; // CPU-bound work, as planning and leasing hundreds of hosts is on a cold JVM
      }
      return spins > 0 ? "done" : "none";
    }
  }
}
