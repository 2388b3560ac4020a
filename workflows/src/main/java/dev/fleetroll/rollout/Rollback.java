package dev.fleetroll.rollout;

import dev.fleetroll.rollout.host.FailureType;
import dev.fleetroll.rollout.host.HostFailure;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.HostOutcome;
import dev.fleetroll.rollout.host.HostResult;
import dev.fleetroll.rollout.host.HostRevert;
import dev.fleetroll.rollout.host.HostRevertWorkflow;
import dev.fleetroll.rollout.host.HostRunbook;
import dev.fleetroll.rollout.host.HostStep;
import dev.fleetroll.rollout.host.HostWindow;
import dev.fleetroll.rollout.host.WorkerActivities;
import dev.fleetroll.rollout.host.WorkerRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The rollback of an abort: every host this rollout wrote its override to gets a {@link
 * HostRevertWorkflow} (id {@code <rollout id>/<host>/revert}), the most recently touched first, at
 * most {@code max_in_flight} at once. Runs after the safe stop, so no host pipeline is in flight. Before it,
 * whatever the abort's mode, the hosts waiting at the end of their stage are released.
 */
final class Rollback {

  private final RolloutSpec spec;
  private final Map<String, HostRecord> hosts;
  private final Runnable publish;

  Rollback(RolloutSpec spec, Map<String, HostRecord> hosts, Runnable publish) {
    this.spec = spec;
    this.hosts = hosts;
    this.publish = publish;
  }

  /** The hosts to revert, in the order their reverts start: last touched first. */
  static List<HostRecord> order(Iterable<HostRecord> records) {
    List<HostRecord> touched = new ArrayList<>();
    records.forEach(r -> {
      if (r.touched() && r.revert() == null) {
        touched.add(r);
      }
    });
    touched.sort(Comparator.comparing(HostRecord::startedAt).reversed());
    return touched;
  }

  void run(String actor, String reason) {
    Deque<HostRecord> queue = new ArrayDeque<>(order(hosts.values()));
    HostWindow<HostRecord, HostRevertWorkflow> window = new HostWindow<>(spec.policy().maxInFlight(), queue::peek,
        () -> false, () -> false);
    window.run(record -> {
      queue.poll();
      start(window, record, actor, reason);
    }, () -> { });
  }

  private void start(HostWindow<HostRecord, HostRevertWorkflow> window, HostRecord record, String actor, String reason) {
    String host = record.host();
    HostRevertWorkflow revert = HostRevertWorkflow.child(spec.id(), host, spec.overrideSha(), spec.overrideName(), actor,
        "rollback");
    HostRevert input = new HostRevert(new HostJob(spec.id(), actor, host, spec.overrideSha()), record.target(),
        record.outcome().worker(), HostRevert.why("rollback", reason), spec.policy());
    Instant startedAt = now();
    window.track(host, revert, Async.function(revert::run, input), (outcome, failure) -> {
      if (outcome == null) {
        outcome = HostOutcome.withoutOutcome(host, "RevertWorkflowFailed", "revert", failure, record.outcome().worker(),
            startedAt, now(), false);
      }
      hosts.put(host, hosts.get(host).reverted(outcome));
      publish.run();
    });
  }

  /**
   * After an abort, hosts moved to the end of their stage are still quarantined by us: release them, unless
   * the host carries the override from an earlier pass (a retried host), which Puppet has not verified.
   */
  void releaseHostsWaitingAtTheEnd() {
    for (HostRecord r : List.copyOf(hosts.values())) {
      if (r.status() != HostStatus.MOVED_TO_END) {
        continue;
      }
      WorkerRef worker = r.outcome().worker();
      String note;
      boolean held = true;
      if (r.touched()) {
        note = "aborted while waiting at the end of its stage; override " + spec.overrideSha().substring(0, 12)
            + " may be on the host from an earlier pass and Puppet has not verified it: the worker stays quarantined";
      } else {
        try {
          Workflow.newActivityStub(WorkerActivities.class,
                  HostRunbook.taskclusterStep("Release " + worker + " (rollout aborted)", spec.policy()))
              .release(new HostJob(spec.id(), spec.actor(), r.host(), spec.overrideSha()), worker);
          held = false;
          note = "aborted while waiting at the end of its stage; released";
        } catch (ActivityFailure e) {
          note = "aborted while waiting at the end of its stage; the release failed: " + e.getCause().getMessage();
        }
      }
      HostOutcome o = r.outcome();
      HostOutcome released = new HostOutcome(o.host(), HostResult.ABORTED, new HostFailure(FailureType.INFRASTRUCTURE,
          HostStep.DRAIN, "Aborted", note), held, worker, o.override(), o.puppet(), o.health(), o.startedAt(), now(),
          o.stepDurations(), o.overrideTouched());
      hosts.put(r.host(), r.finished(HostStatus.ABORTED, released, r.queuedAt()));
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
