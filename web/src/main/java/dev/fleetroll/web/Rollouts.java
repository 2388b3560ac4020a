package dev.fleetroll.web;

import dev.fleetroll.inventory.drift.RolloutStates;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.host.HostProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rollouts the web view shows: where it reads them (Temporal) is the host application's choice. */
public interface Rollouts {

  /** Newest first, at most {@code limit}. @throws Unavailable when the rollouts cannot be read now */
  List<Summary> list(int limit);

  /** A rollout with the live step of its hosts in flight; empty when there is no such rollout. */
  Optional<Detail> rollout(String id);

  /** Every rollout's state, running or not: what drift judges quarantines by. @throws Unavailable as {@link #list} */
  RolloutStates states();

  /** Where the rollouts are read from, for people ("Temporal at 127.0.0.1:7233, namespace default"). */
  String source();

  /**
   * One line of the rollout list.
   *
   * @param state the rollout's state, or "terminated"
   * @param eta expected time left (running rollouts only), else null
   * @param webUi the rollout's page in the Temporal Web UI, null when unknown
   */
  record Summary(String id, String name, String state, String stage, long total, long done, long failed, String actor,
      Instant startedAt, Duration eta, String webUi) {}

  /** @param live where each in-flight host's pipeline is now */
  record Detail(RolloutProgress progress, Map<String, HostProgress> live, String webUi) {}

  /** The rollouts cannot be read now (Temporal unreachable): the pages say so, the API answers 503. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
