package dev.fleetroll.rollout.host;

import dev.fleetroll.rollout.host.HostRunbook.DeadlinePassed;
import dev.fleetroll.rollout.host.HostRunbook.Stop;
import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.DrainPolicy;
import dev.fleetroll.rollout.plan.RolloutPolicy;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-host runbook backwards: quarantine (unless this rollout still holds the worker) → drain →
 * remove the override this rollout wrote → converge → wait for Puppet to report a successful run
 * without an override → release. Steps, waits and failure types are the rollout's ({@link HostRunbook}).
 *
 * <p>Safety rule: the worker goes back into service only when that cannot put a broken worker there.
 * Before the override is removed, a failure releases a quarantine the revert set itself (the host is as it
 * was, in service); a worker the rollout was already holding (it failed) stays held. After the removal, a
 * failure keeps the worker quarantined: its configuration is unknown, or Puppet fails without the override.
 */
public final class HostRevertWorkflowImpl implements HostRevertWorkflow {

  /** The steps in order, for "Step n of m" in the Web UI. */
  static final List<HostStep> STEPS = List.of(HostStep.PREFLIGHT, HostStep.QUARANTINE, HostStep.DRAIN,
      HostStep.REMOVE_OVERRIDE, HostStep.CONVERGE, HostStep.AWAIT_PUPPET, HostStep.RELEASE);

  private HostRevert revert;
  private HostJob job;
  private RolloutPolicy policy;
  private HostRunbook steps;
  private Instant startedAt;
  private WorkerRef worker;
  /** The worker is quarantined by this rollout now. */
  private boolean quarantined;
  /** This rollout held the quarantine before the revert began: the worker was out of service for a reason. */
  private boolean heldBefore;
  private OverrideRemoved removed;
  private PuppetReport puppet;
  private String note;

  @Override
  public HostOutcome run(HostRevert revert) {
    this.revert = revert;
    this.job = revert.job();
    this.policy = revert.policy();
    this.startedAt = HostRunbook.now();
    this.worker = revert.worker();
    this.steps = new HostRunbook(job, policy, STEPS, HostRevertWorkflowImpl::title, this::details, this::deadlinePassed);
    labelForTheWebUi();
    try {
      pipeline();
      return end(HostResult.SUCCEEDED, null);
    } catch (Stop stop) {
      boolean releasable = quarantined && !heldBefore && removed == null;
      return end(stop.result, releasable ? releaseHeld(stop.failure) : stop.failure);
    }
  }

  private void pipeline() {
    String h = job.host();
    HostFacts host = steps.act(HostStep.PREFLIGHT, () -> steps.hostSteps("Audit " + h).inspectHost(job));
    WorkerFacts facts = steps.act(HostStep.PREFLIGHT, () -> steps.workerSteps("Find the Taskcluster worker of " + h)
        .inspectWorker(job, host.role(), host.workerTypeOverride()));
    if (facts.worker() != null) {
      worker = facts.worker();
    }
    if (worker == null) {
      throw Stop.failed(HostFailure.of(HostStep.PREFLIGHT, StepFailures.WORKER_UNKNOWN, "no Taskcluster worker for the"
          + " host: " + facts.unknownReason() + "; nothing was touched"));
    }
    if (facts.quarantined() && !QuarantineReason.isOurs(facts.quarantineReason(), job.rolloutId())) {
      throw Stop.failed(HostFailure.of(HostStep.PREFLIGHT, StepFailures.QUARANTINED_BY_OTHER, "the worker is quarantined"
          + " by someone else (" + facts.quarantineReason() + "); nothing was touched"));
    }
    heldBefore = facts.quarantined();
    quarantined = heldBefore;
    if (host.hasOverride() && !host.overrideSha().equals(job.overrideSha())) {
      throw Stop.failed(HostFailure.of(HostStep.PREFLIGHT, StepFailures.OVERRIDE_CONFLICT, "the host has another override ("
          + host.overrideSha().substring(0, Math.min(12, host.overrideSha().length())) + ") than the one this rollout wrote ("
          + job.shortSha() + "); nothing was touched"));
    }

    if (!host.hasOverride() && host.puppetLastRun() != null && host.puppetOverrideSha() == null
        && Boolean.TRUE.equals(host.puppetSuccess())) {
      // Puppet's last successful run had no override and none is on the host: it is configured as before the rollout.
      note = "nothing to revert: no override on the host, and Puppet's last run (" + host.puppetLastRun()
          + ") succeeded without one";
      details(note + ".");
      if (quarantined) {
        release();
      }
      steps.enter(HostStep.DONE);
      return;
    }

    if (heldBefore) {
      steps.enter(HostStep.QUARANTINE);
      details("The worker is still quarantined by this rollout: not quarantined again.");
    } else {
      steps.act(HostStep.QUARANTINE, () -> steps.workerSteps("Quarantine " + worker + " (no new tasks)")
          .quarantine(job, worker, revert.why() + ": removing override " + job.shortSha() + " from " + h));
      quarantined = true;
    }

    drain();

    removed = steps.act(HostStep.REMOVE_OVERRIDE, () -> steps.hostSteps("Remove override " + job.shortSha() + " from "
        + h + " (with backup)").removeOverride(job));

    Instant convergeStart = HostRunbook.now();
    converge(policy.converge().strategyFor(revert.target().platform()));

    Duration puppetLeft = HostRunbook.max(Duration.ofMinutes(1),
        policy.timeouts().puppet().minus(Duration.between(convergeStart, HostRunbook.now())));
    puppet = steps.await(HostStep.AWAIT_PUPPET, puppetLeft, deadline -> steps.hostWaits("Wait for Puppet to report a run"
        + " without override " + job.shortSha() + " on " + h, deadline).awaitPuppetRun(job, null, removed.removedAt()));

    release();
    steps.enter(HostStep.DONE);
  }

  /** Waits for the task the worker is running; the rollout's drain deadline applies (there is no stage end to move to). */
  private void drain() {
    DrainPolicy drain = policy.drain();
    while (true) {
      try {
        steps.await(HostStep.DRAIN, drain.deadline(), deadline -> steps.workerWaits("Wait for the task running on "
            + worker + " to finish", deadline).awaitDrain(job, worker));
        return;
      } catch (DeadlinePassed passed) {
        String seen = passed.lastSeen + " after " + HostRunbook.human(drain.deadline());
        if (drain.onDeadline() != DrainDeadlineAction.KEEP_WAITING) {
          throw Stop.failed(HostFailure.of(HostStep.DRAIN, StepFailures.DRAIN_DEADLINE, seen
              + "; the override was not removed"));
        }
        details("Drain deadline passed (" + seen + "); waiting on, as the plan says.");
      }
    }
  }

  private void converge(ConvergeStrategy strategy) {
    String h = job.host();
    switch (strategy) {
      case REBOOT -> steps.act(HostStep.CONVERGE, () -> steps.hostSteps("Reboot " + h + " (Puppet runs at boot)")
          .reboot(job, removed.bootedAt()));
      case RUN_PUPPET -> steps.act(HostStep.CONVERGE, () -> steps.puppetRun("Run Puppet once on " + h
          + " without the override (FLEETROLL_SINGLE_RUN=1)").runPuppetOnce(job, null, removed.removedAt(),
          policy.timeouts().puppet()));
      case WAIT -> {
        steps.enter(HostStep.CONVERGE);
        details("Waiting for the host's own next Puppet run (converge: wait).");
      }
    }
  }

  private void release() {
    steps.act(HostStep.RELEASE, () -> steps.workerSteps("Release " + worker + " back into service").release(job, worker));
    quarantined = false;
  }

  private RuntimeException deadlinePassed(HostStep s, Duration deadline, String seen) {
    if (s == HostStep.DRAIN) {
      return new DeadlinePassed(seen);
    }
    return Stop.failed(HostFailure.of(s, StepFailures.PUPPET_DEADLINE, "no Puppet report without the override within "
        + HostRunbook.human(policy.timeouts().puppet()) + ": " + seen));
  }

  // ---- the ends -------------------------------------------------------------------------------

  /** Releases the quarantine the revert set; a release that fails keeps it (and says so). */
  private HostFailure releaseHeld(HostFailure why) {
    String problem = steps.releaseDetached(worker, why != null ? why.code() : "stop");
    if (problem == null) {
      quarantined = false;
      return why;
    }
    return why == null ? null : new HostFailure(why.type(), why.step(), why.code(), why.message()
        + "; the release failed too (" + problem + "): the worker is still quarantined");
  }

  private HostOutcome end(HostResult result, HostFailure failure) {
    Instant now = HostRunbook.now();
    HostOutcome outcome = new HostOutcome(job.host(), result, failure, quarantined, worker, null, puppet, null, startedAt, now,
        steps.finish(now));
    steps.ended(result);
    details(switch (result) {
      case SUCCEEDED -> "**Reverted** in " + HostRunbook.human(outcome.duration()) + ": "
          + (note != null ? note : (removed.removed() ? "override `" + job.shortSha() + "` removed"
          + (removed.backupPath() != null ? " (backup " + removed.backupPath() + ")" : "") : "the override was gone already")
          + "; Puppet ran without it at " + puppet.ranAt() + (puppet.gitSha() != null ? " (" + puppet.gitBranch() + " at "
          + HostRunbook.shortSha(puppet.gitSha()) + ")" : "")) + "; the worker is back in service.";
      case FAILED -> "**Failed** (" + failure.type().name().toLowerCase(Locale.ROOT) + ") at " + failure.step().code()
          + ": " + failure.message() + (quarantined ? "\n\nThe worker stays quarantined: releasing it could put a"
          + " broken worker in service." : "");
      case MOVED_TO_END, ABORTED -> "**Stopped**: " + failure.message()
          + (quarantined ? "; the worker is still quarantined" : "") + ".";
    });
    return outcome;
  }

  // ---- the Web UI -------------------------------------------------------------------------------

  /** The parent usually sets these when it starts the revert; whatever it left out is set here. */
  private void labelForTheWebUi() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    missing(updates, SearchAttributes.KIND, KIND);
    missing(updates, SearchAttributes.HOST, job.host());
    missing(updates, SearchAttributes.ROLLOUT_ID, job.rolloutId());
    missing(updates, SearchAttributes.OVERRIDE_SHA, job.overrideSha());
    missing(updates, SearchAttributes.ACTOR, job.actor());
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate[]::new));
    }
  }

  private static <T> void missing(List<SearchAttributeUpdate<?>> updates, SearchAttributeKey<T> key, T value) {
    if (value != null && !Workflow.getTypedSearchAttributes().containsKey(key)) {
      updates.add(key.valueSet(value));
    }
  }

  private static String title(HostStep s) {
    return switch (s) {
      case QUARANTINE -> "Quarantine the worker (unless still held)";
      case AWAIT_PUPPET -> "Wait for Puppet's report of a run without the override";
      default -> s.title();
    };
  }

  private void details(String text) {
    Workflow.setCurrentDetails("**" + job.host() + "** · revert for rollout `" + job.rolloutId() + "` (" + revert.why()
        + ") · override `" + job.shortSha() + "`\n\n" + text);
  }
}
