package dev.fleetroll.rollout.quarantine;

import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/** One sweep: read, show the list in the Web UI's current details, log each stranded host, return the list. */
public final class QuarantineSweepWorkflowImpl implements QuarantineSweepWorkflow {

  private static final Logger log = Workflow.getLogger(QuarantineSweepWorkflowImpl.class);

  @Override
  public List<StrandedQuarantine> sweep() {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.KIND.valueSet(KIND));
    List<StrandedQuarantine> stranded = Workflow.newActivityStub(QuarantineActivities.class, ActivityOptions.newBuilder()
            .setSummary("List workers quarantined by rollouts that no longer run")
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setHeartbeatTimeout(HostActivities.HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(10)).setMaximumAttempts(3).build())
            .build())
        .strandedQuarantines();
    StringBuilder details = new StringBuilder(stranded.isEmpty()
        ? "No host is left quarantined by a rollout that no longer runs."
        : stranded.size() + " host(s) left quarantined by rollouts that no longer run ('fleetroll host release HOST"
            + " --reason R --confirm' returns one to service):\n\n| host | rollout | how it ended | why |\n|---|---|---|---|\n");
    for (StrandedQuarantine q : stranded) {
      details.append("| ").append(q.host()).append(" | `").append(q.rolloutId()).append("` | ").append(q.rolloutState())
          .append(" | ").append(q.why() != null ? q.why() : q.reason()).append(" |\n");
      log.warn("{} ({}) is still quarantined by {} ({}), which no longer runs: {}", q.host(), q.worker(), q.rolloutId(),
          q.rolloutState(), q.why() != null ? q.why() : q.reason());
    }
    Workflow.setCurrentDetails(details.toString());
    return stranded;
  }
}
