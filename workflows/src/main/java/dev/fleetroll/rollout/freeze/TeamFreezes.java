package dev.fleetroll.rollout.freeze;

import dev.fleetroll.rollout.schedule.Freeze;
import java.util.List;

/**
 * The team-wide freezes at one revision of the freeze book: a rollout keeps the highest revision it has heard
 * of, so an answer that crossed a newer announcement on the way never puts back an older list.
 */
public record TeamFreezes(long revision, List<Freeze> freezes) {

  public static final TeamFreezes NONE = new TeamFreezes(0, List.of());

  /** The newer of the two. */
  public TeamFreezes newer(TeamFreezes other) {
    return other != null && other.revision > revision ? other : this;
  }
}
