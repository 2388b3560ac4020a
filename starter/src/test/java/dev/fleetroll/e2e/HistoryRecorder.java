package dev.fleetroll.e2e;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves the histories of workflows from real runs under {@code target/recorded-histories/}: the replay
 * test's resources (workflows/src/test/resources/histories/) are copied from there when a workflow changes.
 */
final class HistoryRecorder {

  private HistoryRecorder() {}

  static void save(WorkflowClient client, String... workflowIds) {
    Path dir = Path.of("target", "recorded-histories");
    try {
      Files.createDirectories(dir);
      for (String id : workflowIds) {
        String json = client.fetchHistory(id).toJson(true);
        Files.writeString(dir.resolve(id.replace('/', '_').replace('.', '_') + ".json"), json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
