package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.WorkerEvidence;
import dev.fleetroll.rollout.notify.NotificationActivities;
import dev.fleetroll.rollout.notify.RolloutNotification;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Taskcluster's view for the gates, and the webhook, in time-skipping tests: rolled-out workers complete
 * their tasks unless {@link #failing} says they fail most of them; every request and notification is kept.
 */
final class FakeGates implements GateActivities, NotificationActivities {

  static final String POOL = "releng-hardware/gecko-t-linux-talos-2404";

  volatile boolean failing;
  /** Hosts that fail most of their tasks whatever {@link #failing} says. */
  final Set<String> failingHosts = ConcurrentHashMap.newKeySet();
  volatile boolean webhookDown;
  final List<EvidenceRequest> requests = new CopyOnWriteArrayList<>();
  final List<RolloutNotification> notifications = new CopyOnWriteArrayList<>();
  private volatile LongSupplier clock = System::currentTimeMillis;

  void reset(LongSupplier clock) {
    this.clock = clock;
    failing = false;
    failingHosts.clear();
    webhookDown = false;
    requests.clear();
    notifications.clear();
  }

  @Override
  public GateEvidence collectEvidence(EvidenceRequest request) {
    requests.add(request);
    Instant now = Instant.ofEpochMilli(clock.getAsLong());
    List<WorkerEvidence> rolledOut = request.rolledOut().stream()
        .map(h -> failing || failingHosts.contains(h.host()) ? worker(h, now, 1, 3, true) : worker(h, now, 10, 0, true))
        .toList();
    List<WorkerEvidence> baseline = request.baseline().stream().map(h -> worker(h, now, 10, 0, null)).toList();
    return new GateEvidence(request.windowStart(), now, rolledOut, baseline, 0, 0, null);
  }

  private static WorkerEvidence worker(EvidenceHost h, Instant now, int completed, int failed, Boolean sshable) {
    return new WorkerEvidence(h.host(), POOL, true, now, completed, failed, 0, sshable);
  }

  @Override
  public void notify(RolloutNotification notification) {
    if (webhookDown) {
      throw new IllegalStateException("webhook: connection refused");
    }
    notifications.add(notification);
  }

  List<String> events() {
    return notifications.stream().map(RolloutNotification::event).toList();
  }
}
