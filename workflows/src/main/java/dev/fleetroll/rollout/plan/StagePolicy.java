package dev.fleetroll.rollout.plan;

import java.util.List;

/**
 * The stages of a rollout: a canary of {@code canary} hosts, then batches. Each entry of {@code
 * batches} is a {@link BatchSize}; the last one repeats until every host is in a stage.
 */
public record StagePolicy(Integer canary, List<String> batches) {

  public static final StagePolicy DEFAULT = new StagePolicy(1, List.of("10%", "25%", "100%"));

  public StagePolicy withDefaults() {
    return new StagePolicy(canary != null ? canary : DEFAULT.canary,
        batches != null ? List.copyOf(batches) : DEFAULT.batches);
  }

  public List<BatchSize> batchSizes() {
    return batches.stream().map(BatchSize::parse).toList();
  }
}
