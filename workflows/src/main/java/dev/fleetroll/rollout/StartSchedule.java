package dev.fleetroll.rollout;

import dev.fleetroll.rollout.freeze.FreezeActivities;
import dev.fleetroll.rollout.freeze.TeamFreezes;
import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.rollout.schedule.Schedule;
import dev.fleetroll.rollout.schedule.StartHold;
import dev.fleetroll.temporal.WorkflowChange;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the plan's windows and freezes, and the team's freezes, let a new host start now ({@link StartHold}),
 * asked at every host boundary; and the one timer that wakes a held stage when the hold ends. A freeze added or
 * removed arrives as a signal and wakes it too. A stage an operator forced ({@code advance --force}) runs on
 * regardless. Rollouts started before {@link WorkflowChange#SCHEDULE} never hold.
 */
final class StartSchedule {

  private final RolloutState state;
  private final Schedule schedule;
  private boolean on;
  private Instant wakeAt;
  private Promise<Void> wake;
  /** The hold the stage runner last looked at. */
  private StartHold seen;

  StartSchedule(RolloutSpec spec, RolloutState state) {
    this.state = state;
    this.schedule = spec.policy().scheduleOrNone();
  }

  /** Asked of the schedule marker at the start of every run. */
  void followSchedule(boolean follow) {
    on = follow;
  }

  boolean on() {
    return on;
  }

  /** A new rollout reads the team's freezes before its first host; changes come as signals from then on. */
  void readTeamFreezes() {
    if (!on) {
      return;
    }
    TeamFreezes read = Workflow.newActivityStub(FreezeActivities.class, ActivityOptions.newBuilder()
            .setSummary("Read the team's freezes")
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setHeartbeatTimeout(dev.fleetroll.rollout.host.HostActivities.HEARTBEAT_TIMEOUT) // one query: done in less
            // No host starts before the book is read: a rollout must not run through a freeze it could not see.
            .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofMinutes(1)).build())
            .build())
        .teamFreezes();
    heard(read);
  }

  /** The team's freezes changed (signal, or the read at start): the newer revision wins. */
  void heard(TeamFreezes freezes) {
    state.teamFreezes = (state.teamFreezes != null ? state.teamFreezes : TeamFreezes.NONE).newer(freezes);
  }

  /** Why no new host of the current stage may start now, or null when one may. */
  StartHold hold() {
    if (!on || (state.forcedStage != null && state.forcedStage == state.stageIndex)) {
      return null;
    }
    List<Freeze> freezes = new ArrayList<>(schedule.planFreezes());
    if (state.teamFreezes != null) {
      freezes.addAll(state.teamFreezes.freezes());
    }
    return StartHold.at(now(), schedule.windows(), freezes);
  }

  boolean holds() {
    return hold() != null;
  }

  /**
   * Looks at the hold now and sets a timer for its end (the same one while the hold lasts; none when nothing holds
   * or nothing ends the hold, as a signal or a command does): when it fires, the hold has {@link #changed}.
   */
  void wakeWhenItEnds() {
    seen = hold();
    if (seen != null && seen.until() != null && !seen.until().equals(wakeAt)) {
      wakeAt = seen.until();
      wake = Workflow.newTimer(StageRunner.atLeastASecond(Duration.between(now(), wakeAt)));
    }
  }

  /**
   * The hold is not the one last looked at: it began (a window closed, a freeze came), ended or changed. A wait
   * that ends on this looks again, and sets the timer of a new hold.
   */
  boolean changed() {
    return !java.util.Objects.equals(hold(), seen);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
