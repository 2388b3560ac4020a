package dev.fleetroll.rollout;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rollback of an abort: every host this rollout wrote its override to gets a {@link
 * HostRevertWorkflow} (id {@code <rollout id>/<host>/revert}), the most recently touched first, at
 * most {@code max_in_flight} at once. Runs after the safe stop, so no host pipeline is in flight.
 */
final class Rollback {

  private final RolloutSpec spec;
  private final Map<String, HostRecord> hosts;
  private final Runnable publish;
  private int running;

  Rollback(RolloutSpec spec, Map<String, HostRecord> hosts, Runnable publish) {
    this.spec = spec;
    this.hosts = hosts;
    this.publish = publish;
  }

  /** The hosts to revert, in the order their reverts start: last touched first. */
  static List<HostRecord> order(Iterable<HostRecord> records) {
    List<HostRecord> touched = new java.util.ArrayList<>();
    records.forEach(r -> {
      if (r.touched() && r.revert() == null) {
        touched.add(r);
      }
    });
    touched.sort(Comparator.comparing(HostRecord::startedAt).reversed());
    return touched;
  }

  void run(String actor, String reason) {
    int slots = spec.policy().maxInFlight();
    for (HostRecord record : order(hosts.values())) {
      Workflow.await(() -> running < slots);
      start(record, actor, reason);
    }
    Workflow.await(() -> running == 0);
  }

  private void start(HostRecord record, String actor, String reason) {
    String host = record.host();
    HostRevertWorkflow revert = HostRevertWorkflow.child(spec.id(), host, spec.overrideSha(), spec.overrideName(), actor,
        "rollback");
    HostRevert input = new HostRevert(new HostJob(spec.id(), actor, host, spec.overrideSha()), record.target(),
        record.outcome().worker(), HostRevert.why("rollback", reason), spec.policy());
    running++;
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Async.function(revert::run, input).handle((outcome, failure) -> {
      running--;
      if (outcome == null) {
        Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        outcome = new HostOutcome(host, HostResult.FAILED, new HostFailure(FailureType.INFRASTRUCTURE, HostStep.PENDING,
            "RevertWorkflowFailed", "the host's revert ended without an outcome: " + failure.getMessage()), true,
            record.outcome().worker(), null, null, null, startedAt, now, Map.of());
      }
      hosts.put(host, hosts.get(host).reverted(outcome));
      publish.run();
      return null;
    });
  }
}
