package dev.fleetroll.rollout.freeze;

import io.temporal.activity.ActivityInterface;

/** The freeze book as rollouts see it: read once when one starts, and each change told to those running. */
@ActivityInterface
public interface FreezeActivities {

  /** The team's freezes now (none while no freeze workflow runs). */
  TeamFreezes teamFreezes();

  /** Tells every running rollout the freezes ({@code freezesChanged} signal); how many were told. */
  int announce(TeamFreezes freezes);
}
