package dev.fleetroll.rollout.freeze;

import dev.fleetroll.rollout.schedule.Freeze;
import java.util.List;

/**
 * What the freeze workflow carries across continue-as-new: the freezes in force or to come, its revision, the
 * counter that names new freezes, and the audit of every change.
 */
public record FreezeBook(long revision, long counter, List<Freeze> freezes, List<FreezeRecord> audit) {

  public static final FreezeBook EMPTY = new FreezeBook(0, 0, List.of(), List.of());

  public TeamFreezes current() {
    return new TeamFreezes(revision, freezes);
  }
}
