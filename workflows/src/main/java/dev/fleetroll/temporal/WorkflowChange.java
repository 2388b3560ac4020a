package dev.fleetroll.temporal;

import io.temporal.workflow.Workflow;

/**
 * Every change to workflow code that running workflows must replay past, in one place: a change id,
 * its newest version, and what each version means. A workflow asks {@link #version()} where the branch
 * starts and keeps each older version's code. The rule (docs/workflow-changes.md): a change to code under
 * a version takes a new version here, and {@code ReplayTest} gets a history recorded by a build of each
 * version, the old ones from the build that ran them. {@code ReplayTest} fails while a version has no
 * recorded history, and when workflow code calls {@code Workflow.getVersion} anywhere but here.
 */
public enum WorkflowChange {

  /**
   * Rollouts judge the outcome gates every 5 minutes while a stage runs. 1: a timed wait per host started
   * (commit 2340203); 2: one timer per look (commit d4fe4e7, which first changed version 1 in place). A
   * history with version 1 and the {@link #SIGNALS} marker was recorded by a build that ran version 2's code
   * under version 1 (from the signals merge until issue 11): it replays as version 2.
   */
  GATES_WHILE_STAGE_RUNS("gates-while-stage-runs", 2),

  /**
   * A host pipeline never puts a worker whose override may have changed back into service before Puppet
   * verified the change: a write that failed, an abort after the write, a retried host that carries the
   * override keep the worker quarantined and count as touched (issue 11). 1: those rules.
   */
  HOST_OVERRIDE_SAFETY("host-override-safety", 1),

  /**
   * The last stage of a rollout with failed hosts waits for assessment, so they can be retried or rolled
   * back before the rollout ends (issue 11). 1: that wait.
   */
  LAST_STAGE_WAITS("last-stage-waits", 1),

  /**
   * A cancel request (the Web UI's Cancel) stops a rollout as a safe-stop abort that gives back every host
   * it holds before it ends cancelled (issue 12). 1: that stop.
   */
  RELEASE_ON_CANCEL("release-on-cancel", 1),

  /**
   * Pause, resume and abort also come as signals (the Web UI's Send Signal), with the updates' rules; a
   * rollout or finalize that received a signal before ignored it (issue 16). 1: signals handled.
   */
  SIGNALS("signals", 1),

  /**
   * A cancel request (the Web UI's Cancel) is honoured between a host pipeline's actions, as an abort is: the
   * action in progress finishes, so the pipeline knows what it did (a quarantine Taskcluster had already set was
   * left in place when the cancel cut the call off). 1: actions finish, the next one sees the cancel.
   */
  STEPS_FINISH_ON_CANCEL("steps-finish-on-cancel", 1),

  /**
   * A cancel request reaches a rollout's host pipelines as a safe-stop abort (a signal), not as a cancel of their
   * own, so each ends with its outcome: a cancelled pipeline returns none, and the rollout recorded the host as
   * released even when its pipeline kept an unverified worker quarantined. 1: pipelines start outside the
   * rollout's cancellation and are asked to stop.
   */
  CANCEL_ASKS_HOSTS_TO_STOP("cancel-asks-hosts-to-stop", 1),

  /**
   * New hosts start only inside the plan's windows and outside freezes, the plan's and the team's (issue 15):
   * a new rollout reads the team's freezes by an activity before its first host, a held stage sleeps on one
   * timer until the hold ends, and a forced advance lets one stage run regardless. 1: those rules.
   */
  SCHEDULE("schedule", 1),

  /**
   * Before a host starts, a look at its Taskcluster pool: it waits while the pool would fall below
   * {@code capacity.min_available_pct} or its backlog exceeds {@code capacity.max_pending_per_worker}, and
   * hosts of other pools go ahead (issue 15). 1: that look, one activity per host started and a timer per
   * look at a held pool. 2: a plan whose floor is 0% with no backlog limit looks at no pool.
   */
  CAPACITY_FLOORS("capacity-floors", 2),

  /**
   * A rollout cuts its stages over every target, asks for every lease at once and starts the canary as soon as
   * the canary's leases are in; the others are awaited when the canary ends, and a host another rollout holds
   * leaves its stage then (issue 15: 200 leases took 45 s before the first host started). A canary host held
   * elsewhere falls back to the old way: every answer, then the stages cut over the leased hosts. 1: that order.
   * 2: the canary's leases are asked for alone, and the others once the canary's hosts started (with 200 asked at
   * once, the server started the canary's leases among the others: the first host started 6-16 s in).
   */
  CANARY_LEASES_FIRST("canary-leases-first", 2);

  private final String id;
  private final int newest;

  WorkflowChange(String id, int newest) {
    this.id = id;
    this.newest = newest;
  }

  /** The change id recorded in history (a marker). */
  public String id() {
    return id;
  }

  /** The version new workflows run. */
  public int newest() {
    return newest;
  }

  /**
   * The version this workflow runs: the newest for a new workflow, the recorded one when replaying (the
   * default version, -1, for a workflow that started before the change).
   */
  public int version() {
    return Workflow.getVersion(id, Workflow.DEFAULT_VERSION, newest);
  }
}
