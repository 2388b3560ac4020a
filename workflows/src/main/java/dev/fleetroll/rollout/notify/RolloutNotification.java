package dev.fleetroll.rollout.notify;

import java.time.Instant;
import java.util.List;

/**
 * What a notification says, as the webhook's JSON body. Ids, counts and gate numbers only: no override
 * content, no credential.
 *
 * @param event {@code waiting-for-assessment}, {@code paused-on-gate} or {@code finished}
 * @param status the rollout's status code, e.g. {@code waiting-for-assessment}, {@code aborted}
 * @param summary one line for people
 * @param failingGates one line per failing gate ("success_rate_min: 0.50 < 0.90 ..."), empty when none
 */
public record RolloutNotification(String event, String rolloutId, String name, String status, String stage,
    Instant at, int total, int succeeded, int failed, String summary, List<String> failingGates) {

  public static final String WAITING_FOR_ASSESSMENT = "waiting-for-assessment";
  public static final String PAUSED_ON_GATE = "paused-on-gate";
  public static final String FINISHED = "finished";
}
