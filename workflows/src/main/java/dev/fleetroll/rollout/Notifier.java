package dev.fleetroll.rollout;

import dev.fleetroll.rollout.notify.NotificationActivities;
import dev.fleetroll.rollout.notify.RolloutNotification;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Posts the moments people must know about (waiting for assessment, paused on a gate or on a regression,
 * the end). A notification that cannot be delivered is logged and forgotten: it never holds the workflow.
 */
public final class Notifier {

  private static final Logger log = Workflow.getLogger(Notifier.class);

  private final List<Promise<Void>> pending = new ArrayList<>();

  /** A rollout's notification, from its progress. */
  void send(String event, RolloutProgress p, String summary, List<String> failingGates) {
    var stage = p.currentStage();
    send(new RolloutNotification(event, p.id(), p.name(), p.status().code(), stage != null ? stage.name() : null,
        Instant.ofEpochMilli(Workflow.currentTimeMillis()), p.total(), p.succeeded(), p.failed(), summary, failingGates),
        "Notify");
  }

  /**
   * Sends without waiting: the workflow goes on while the webhook is slow or down. The promise completes
   * once it was delivered or given up on; it never fails.
   */
  public Promise<Void> send(RolloutNotification n, String activitySummary) {
    Promise<Void> sent = Async.procedure(activities(activitySummary)::notify, n).handle((ok, failure) -> {
      if (failure != null) {
        log.warn("{} {}: the {} notification was not delivered: {}", n.rolloutId(), n.name(), n.event(),
            failure instanceof ActivityFailure a && a.getCause() != null ? a.getCause().getMessage() : failure.getMessage());
      }
      return null;
    });
    pending.add(sent);
    return sent;
  }

  /** Waits for the notifications still being sent (at most their 2-minute limit): before the end or continue-as-new. */
  void settle() {
    pending.removeIf(Promise::isCompleted);
    if (!pending.isEmpty()) {
      Promise.allOf(pending).get();
      pending.clear();
    }
  }

  private static NotificationActivities activities(String summary) {
    return Workflow.newActivityStub(NotificationActivities.class, ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(5)).setMaximumAttempts(3).build())
        .build());
  }
}
