package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.temporal.PublishedSearchAttributes;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * What people see of a finalize, all read from its {@link FinalizeState}: the progress the query and the commands
 * answer with, the search attributes the CLI lists by, the Web UI's current details.
 */
final class FinalizeView {

  private final FinalizeState state;
  /** How many reverts run now. */
  private final IntSupplier inFlight;
  private final PublishedSearchAttributes published = new PublishedSearchAttributes();

  FinalizeView(FinalizeState state, IntSupplier inFlight) {
    this.state = state;
    this.inFlight = inFlight;
  }

  FinalizeProgress progress() {
    FinalizeState s = state;
    FinalizeRequest request = s.request;
    return new FinalizeProgress(s.id, request.rolloutId(), request.actor(), request.overrideSha(), s.status, s.total(),
        s.count(HostStatus.SUCCEEDED), s.count(HostStatus.FAILED), s.count(HostStatus.IN_FLIGHT),
        List.copyOf(s.hosts.values()), s.startedAt, s.observeUntil, s.checks, s.lastReport, List.copyOf(s.regressions),
        List.copyOf(s.acknowledged), List.copyOf(s.decisions));
  }

  /** The search attributes and the current details, as the state is now. */
  void publish() {
    FinalizeRequest request = state.request;
    published.set(SearchAttributes.KIND, FinalizeWorkflow.KIND)
        .set(SearchAttributes.ROLLOUT_ID, request.rolloutId())
        .set(SearchAttributes.ACTOR, request.actor())
        .set(SearchAttributes.OVERRIDE_SHA, request.overrideSha())
        .set(SearchAttributes.ROLLOUT_STATE, state.status.code())
        .set(SearchAttributes.HOSTS_TOTAL, (long) state.total())
        .set(SearchAttributes.HOSTS_DONE, (long) state.count(HostStatus.SUCCEEDED))
        .set(SearchAttributes.HOSTS_FAILED, (long) state.count(HostStatus.FAILED));
    published.upsert();
    Workflow.setCurrentDetails(FinalizeDetails.markdown(progress(), request, inFlight.getAsInt()));
  }
}
