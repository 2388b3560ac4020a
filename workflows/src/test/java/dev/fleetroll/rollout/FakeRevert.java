package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRevert;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host revert that takes ten minutes and succeeds, noting the order in which hosts were reverted. */
public final class FakeRevert implements HostRevertWorkflow {

  static final List<String> started = new CopyOnWriteArrayList<>();
  static final List<String> reasons = new CopyOnWriteArrayList<>();

  @Override
  public HostOutcome run(HostRevert revert) {
    if (!Workflow.isReplaying()) {
      started.add(revert.job().host());
      reasons.add(revert.why());
    }
    Instant start = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Workflow.sleep(Duration.ofMinutes(10));
    return new HostOutcome(revert.job().host(), HostResult.SUCCEEDED, null, false, revert.worker(), null, null, null,
        start, Instant.ofEpochMilli(Workflow.currentTimeMillis()), Map.of());
  }

}
