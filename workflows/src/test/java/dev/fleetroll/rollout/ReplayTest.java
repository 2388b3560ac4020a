package dev.fleetroll.rollout;

import dev.fleetroll.inventory.InventoryGatherWorkflowImpl;
import dev.fleetroll.rollout.finalize.FinalizeWorkflowImpl;
import dev.fleetroll.rollout.freeze.FreezeWorkflowImpl;
import dev.fleetroll.rollout.host.HostRevertWorkflowImpl;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;
import dev.fleetroll.rollout.lease.LeaseWorkflowImpl;
import dev.fleetroll.rollout.readiness.ReadinessWorkflowImpl;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Today's workflow code replays histories recorded from real runs (the end-to-end tests on the dev
 * server and the simulated fleet save them; see {@code HistoryRecorder}): a change to workflow logic
 * that would break a rollout in flight fails here, until it is guarded by a new version of a {@link
 * WorkflowChange}. Every version of every change has a history recorded by a build that ran it
 * (docs/workflow-changes.md), so changing the code of a version in place fails here too.
 */
class ReplayTest {

  static List<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static TestWorkflowEnvironment env;
  private static Worker worker;

  /**
   * One replaying worker for all histories. Its deadlock detection allows 30 s instead of 1 s: on a loaded
   * machine, loading the classes a history needs can hold a workflow thread that long (it is not replay).
   */
  @BeforeAll
  static void replayer() {
    env = TestWorkflowEnvironment.newInstance();
    worker = env.newWorker("replay", WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(30).toMillis()).build());
    worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
        LeaseWorkflowImpl.class, HostRevertWorkflowImpl.class, FinalizeWorkflowImpl.class,
        InventoryGatherWorkflowImpl.class, ReadinessWorkflowImpl.class, FreezeWorkflowImpl.class);
  }

  @AfterAll
  static void close() {
    env.close();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoryReplays(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
  }

  @org.junit.jupiter.api.Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    List<String> types = histories().stream().map(ReplayTest::type).distinct().sorted().toList();

    assertThat(types).containsExactly("FinalizeWorkflow", "FreezeWorkflow", "HostRevertWorkflow", "HostRolloutWorkflow",
        "InventoryGatherWorkflow", "LeaseWorkflow", "ReadinessWorkflow", "RolloutWorkflow");
  }

  /** The rule: a version without a recorded history cannot be checked for replay, so it may not exist. */
  @org.junit.jupiter.api.Test
  void everyVersionOfEveryWorkflowChangeHasARecordedHistory() throws Exception {
    Map<String, Set<Integer>> recorded = new TreeMap<>();
    for (Path history : histories()) {
      for (HistoryEvent event : WorkflowExecutionHistory.fromJson(Files.readString(history)).getEvents()) {
        if (event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED) {
          MarkerRecordedEventAttributes marker = event.getMarkerRecordedEventAttributes();
          if (marker.getMarkerName().equals("Version")) {
            recorded.computeIfAbsent(decode(marker.getDetailsOrThrow("changeId"), String.class), k -> new TreeSet<>())
                .add(decode(marker.getDetailsOrThrow("version"), Integer.class));
          }
        }
      }
    }

    for (WorkflowChange change : WorkflowChange.values()) {
      for (int version = 1; version <= change.newest(); version++) {
        assertThat(recorded.getOrDefault(change.id(), Set.of()))
            .as("no history in src/test/resources/histories was recorded with version " + version + " of "
                + change.id() + " (docs/workflow-changes.md)")
            .contains(version);
      }
    }
  }

  /** Versions asked for elsewhere would escape the check above. */
  @org.junit.jupiter.api.Test
  void workflowCodeAsksForVersionsOnlyThroughWorkflowChange() throws IOException {
    Path sources = Path.of("src", "main", "java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> asking = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("WorkflowChange.java"))
          .filter(f -> read(f).contains("getVersion(")).toList();

      assertThat(asking).as("Workflow.getVersion outside WorkflowChange").isEmpty();
    }
  }

  private static <T> T decode(Payloads payloads, Class<T> type) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(payloads), type, type);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String type(Path history) {
    try {
      String json = Files.readString(history);
      int at = json.indexOf("\"workflowType\"");
      int name = json.indexOf("\"name\"", at);
      int start = json.indexOf('"', json.indexOf(':', name) + 1) + 1;
      return json.substring(start, json.indexOf('"', start));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
