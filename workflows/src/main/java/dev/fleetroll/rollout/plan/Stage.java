package dev.fleetroll.rollout.plan;

import java.util.List;

/** One stage of a rollout: {@code canary}, {@code batch 1}, ... with its hosts in the order they start. */
public record Stage(int index, String name, List<String> hosts) {

  public static final String CANARY = "canary";
}
