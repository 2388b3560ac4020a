package dev.fleetroll.rollout;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.temporal.PublishedSearchAttributes;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What people see of a rollout, all read from its {@link RolloutState}: the progress the query and every
 * command answer with, the search attributes the CLI and the Web UI list by, the Web UI's current details.
 */
final class RolloutView {

  private final RolloutSpec spec;
  private final RolloutState state;
  private final StartSchedule schedule;
  private Supplier<List<String>> heldBack = List::of;
  private final PublishedSearchAttributes published = new PublishedSearchAttributes();

  RolloutView(RolloutSpec spec, RolloutState state, StartSchedule schedule) {
    this.spec = spec;
    this.state = state;
    this.schedule = schedule;
  }

  RolloutProgress progress() {
    RolloutState s = state;
    List<StageProgress> stageProgress = s.stages.stream().map(stage -> StageProgress.of(stage, s.hosts)).toList();
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    List<Duration> done = s.hosts.values().stream().filter(h -> h.status() == HostStatus.SUCCEEDED)
        .map(h -> h.outcome().duration()).toList();
    List<Duration> running = s.hosts.values().stream().filter(h -> h.status() == HostStatus.IN_FLIGHT)
        .map(h -> Duration.between(h.startedAt(), now)).toList();
    int waiting = s.count(HostStatus.PENDING) + s.count(HostStatus.MOVED_TO_END);
    Duration eta = s.status.finished() ? Duration.ZERO
        : Eta.estimate(done, spec.expectedHostDuration(), waiting, running, spec.policy().maxInFlight());
    int excluded = spec.excluded().size() + s.count(HostStatus.EXCLUDED);
    boolean waitingNow = s.status == RolloutStatus.WAITING_FOR_ASSESSMENT || s.status == RolloutStatus.PAUSED_ON_GATE;
    return new RolloutProgress(spec.id(), spec.name(), spec.actor(), spec.overrideSha(), spec.overrideName(), shownStatus(),
        s.stageIndex, stageProgress, s.total(), s.count(HostStatus.SUCCEEDED), s.count(HostStatus.FAILED),
        s.count(HostStatus.IN_FLIGHT), waiting, excluded, s.hostRecords(), List.copyOf(s.decisions), s.startedAt,
        waitingNow ? s.waitingSince : null, eta, spec.policy().maxInFlight(), spec.policy().advance(), s.gateReport,
        waitingNow ? autoAdvanceAt() : null, s.pausedBy, heldBySchedule(), heldBack.get());
  }

  /** Where to read which pool holds which host back (the running stage's capacity floors). */
  void showHeldBack(Supplier<List<String>> reasons) {
    heldBack = reasons;
  }

  /** What holds the current stage's hosts (a window, a freeze) while it runs and has hosts to start; else null. */
  String heldBySchedule() {
    dev.fleetroll.rollout.schedule.StartHold hold = state.phase == RolloutState.Phase.RUNNING_STAGE
        && state.status == RolloutStatus.RUNNING && !state.aborting && state.nextHost() != null ? schedule.hold() : null;
    return hold == null ? null : hold.text();
  }

  /** With advance: auto and passing gates, when the soak ends; else null. */
  Instant autoAdvanceAt() {
    if (spec.policy().gates() == null || spec.policy().advance() != AdvanceMode.AUTO || state.passingSince == null
        || state.gateReport == null || !state.gateReport.passed() || state.status.finished()) {
      return null;
    }
    return state.passingSince.plus(spec.policy().gates().soak());
  }

  /** The status people see: paused while an operator holds the rollout, whatever phase it is in. */
  RolloutStatus shownStatus() {
    return state.pausedBy != null && !state.aborting && !state.status.finished() ? RolloutStatus.PAUSED : state.status;
  }

  /** Search attributes that changed, and the Web UI's current details. */
  void publish() {
    published.set(SearchAttributes.KIND, RolloutWorkflow.KIND)
        .set(SearchAttributes.ROLLOUT_ID, spec.id())
        .set(SearchAttributes.ACTOR, spec.actor())
        .set(SearchAttributes.OVERRIDE_SHA, spec.overrideSha())
        .set(SearchAttributes.ROLLOUT_STATE, shownStatus().code())
        .set(SearchAttributes.STAGE, state.stageName())
        .set(SearchAttributes.HOSTS_TOTAL, (long) state.total())
        .set(SearchAttributes.HOSTS_DONE, (long) state.count(HostStatus.SUCCEEDED))
        .set(SearchAttributes.HOSTS_FAILED, (long) state.count(HostStatus.FAILED));
    published.upsert();
    Workflow.setCurrentDetails(RolloutDetails.markdown(progress(), spec));
  }
}
