package dev.fleetroll.rollout;

import dev.fleetroll.rollout.freeze.FreezeActivities;
import dev.fleetroll.rollout.freeze.TeamFreezes;
import java.util.ArrayList;
import java.util.List;

/** The freeze book as the rollout tests set it; the announcements a freeze workflow made. */
final class FakeFreezes implements FreezeActivities {

  volatile TeamFreezes book = TeamFreezes.NONE;
  final List<TeamFreezes> announced = new ArrayList<>();

  void reset() {
    book = TeamFreezes.NONE;
    synchronized (announced) {
      announced.clear();
    }
  }

  @Override
  public TeamFreezes teamFreezes() {
    return book;
  }

  @Override
  public int announce(TeamFreezes freezes) {
    synchronized (announced) {
      announced.add(freezes);
    }
    return 1;
  }

  List<TeamFreezes> announced() {
    synchronized (announced) {
      return List.copyOf(announced);
    }
  }
}
