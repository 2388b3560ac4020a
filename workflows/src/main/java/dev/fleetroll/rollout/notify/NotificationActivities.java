package dev.fleetroll.rollout.notify;

import io.temporal.activity.ActivityInterface;

/**
 * Tells people that a rollout needs them or ended: the worker logs it and posts it as JSON to the
 * configured webhook (FLEETROLL_NOTIFY_WEBHOOK). The rollout never waits long for it and never fails
 * because of it.
 */
@ActivityInterface
public interface NotificationActivities {

  void notify(RolloutNotification notification);
}
