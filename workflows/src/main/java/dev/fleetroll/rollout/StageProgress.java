package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.Stage;
import java.util.Map;

/** One stage's counts. */
public record StageProgress(int index, String name, int hosts, int succeeded, int failed, int inFlight, int pending) {

  static StageProgress of(Stage stage, Map<String, HostRecord> records) {
    int succeeded = 0;
    int failed = 0;
    int running = 0;
    int waiting = 0;
    for (String host : stage.hosts()) {
      switch (records.get(host).status()) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case IN_FLIGHT -> running++;
        case PENDING, MOVED_TO_END -> waiting++;
        default -> { }
      }
    }
    return new StageProgress(stage.index(), stage.name(), stage.hosts().size(), succeeded, failed, running, waiting);
  }
}
