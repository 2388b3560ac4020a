package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.WorkerEvidence;
import dev.fleetroll.rollout.notify.NotificationActivities;
import dev.fleetroll.rollout.notify.RolloutNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Gate evidence and notifications for time-skipping tests: every host's worker completes its tasks until
 * {@link #regressFrom}, then 4 of its 10 tasks fail. Notifications are kept for the test to read.
 */
final class FakeEvidence implements GateActivities, NotificationActivities {

  volatile Instant regressFrom;
  private final List<RolloutNotification> sent = new ArrayList<>();
  private final List<EvidenceRequest> requests = new ArrayList<>();
  private volatile LongSupplier clock = System::currentTimeMillis;

  void reset(LongSupplier clock) {
    this.clock = clock;
    regressFrom = null;
    synchronized (this) {
      sent.clear();
      requests.clear();
    }
  }

  synchronized List<RolloutNotification> notifications() {
    return List.copyOf(sent);
  }

  synchronized List<EvidenceRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public GateEvidence collectEvidence(EvidenceRequest request) {
    synchronized (this) {
      requests.add(request);
    }
    Instant now = Instant.ofEpochMilli(clock.getAsLong());
    boolean bad = regressFrom != null && !now.isBefore(regressFrom);
    List<WorkerEvidence> workers = new ArrayList<>();
    for (EvidenceHost h : request.rolledOut()) {
      workers.add(new WorkerEvidence(h.host(), "releng-hardware/gecko-t-linux-talos-2404", true, now, bad ? 6 : 10,
          bad ? 4 : 0, 0, true));
    }
    return new GateEvidence(request.windowStart(), now, workers, List.of(), 0, 0, null);
  }

  @Override
  public synchronized void notify(RolloutNotification notification) {
    sent.add(notification);
  }
}
