package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.inventory.InventoryGatherWorkflowImpl;
import dev.fleetroll.rollout.finalize.FinalizeWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Today's workflow code replays histories recorded from real runs (the end-to-end tests on the dev
 * server and the simulated fleet save them; see {@code HistoryRecorder}): a change to workflow logic
 * that would break a rollout in flight fails here, until it is guarded with {@code Workflow.getVersion}.
 */
class ReplayTest {

  static List<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoryReplays(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history.toFile(), RolloutWorkflowImpl.class, HostRolloutWorkflowImpl.class,
        LeaseWorkflowImpl.class, HostRevertWorkflowImpl.class, FinalizeWorkflowImpl.class, InventoryGatherWorkflowImpl.class);
  }

  @org.junit.jupiter.api.Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    List<String> types = histories().stream().map(ReplayTest::type).distinct().sorted().toList();

    assertThat(types).containsExactly("FinalizeWorkflow", "HostRevertWorkflow", "HostRolloutWorkflow",
        "InventoryGatherWorkflow", "LeaseWorkflow", "RolloutWorkflow");
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
