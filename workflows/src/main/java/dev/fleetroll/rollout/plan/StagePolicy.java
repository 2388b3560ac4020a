package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * The stages of a rollout: a canary, then batches, each a {@link StagePick}: a size, or hand-picked
 * hosts. The last batch repeats until every host is in a stage (a hand-picked last batch does not
 * repeat: the hosts left then form one last batch).
 */
public record StagePolicy(
    @JsonDeserialize(using = StagePick.CanaryReader.class) StagePick canary,
    @JsonDeserialize(contentUsing = StagePick.BatchReader.class) List<StagePick> batches) {

  @JsonCreator
  public StagePolicy {}

  public static final StagePolicy DEFAULT = new StagePolicy(1, List.of("10%", "25%", "100%"));

  /** A canary of {@code canary} hosts, then batches of the given sizes. */
  public StagePolicy(int canary, List<String> batches) {
    this(StagePick.count(canary), batches.stream().map(StagePick::size).toList());
  }

  public StagePolicy withDefaults() {
    return new StagePolicy(canary != null ? canary : DEFAULT.canary,
        batches != null ? List.copyOf(batches) : DEFAULT.batches);
  }
}
