package dev.fleetroll.rollout.host;

import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.time.Instant;

/**
 * The steps done on a host over SSH. Each looks at the host before acting, so a retry after a crash
 * never writes twice or reboots twice. Failures are {@code ApplicationFailure}s whose type is one of
 * {@link StepFailures}.
 */
@ActivityInterface
public interface HostActivities {

  /**
   * The host, worker and gate activities heartbeat every few seconds: an attempt whose worker died is
   * retried this long after its last heartbeat, not after its whole start-to-close timeout.
   */
  Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  /** Pre-flight: audits the host (read only). */
  HostFacts inspectHost(HostJob job);

  /**
   * Writes the override atomically with a backup of any previous file: {@code content} when given (it
   * must have the job's sha256), else the worker's content store's copy (rollouts started before the
   * content travelled with them). Identical content is not rewritten; a different override on the host
   * is never replaced ({@link StepFailures#OVERRIDE_CONFLICT}).
   */
  OverrideWritten writeOverride(HostJob job, String content);

  /** Reboots the host unless it has booted since {@code bootedBefore} (then a previous attempt did). */
  Rebooted reboot(HostJob job, Instant bootedBefore);

  /**
   * Runs the Puppet wrapper once with {@code FLEETROLL_SINGLE_RUN=1}, heartbeating, unless Puppet has
   * reported a run of the new override since {@code writtenAt} already.
   */
  PuppetRunResult runPuppet(HostJob job, Instant writtenAt, Duration timeout);

  /**
   * One look at Puppet's report: returns it when a run at or after {@code writtenAt} (host clock)
   * applied the new override successfully; fails with {@link StepFailures#PUPPET_FAILED} when such a
   * run failed, and with {@link StepFailures#WAITING} (retried by the workflow's polling policy) while
   * there is none yet or the host is unreachable (rebooting).
   */
  PuppetReport awaitPuppet(HostJob job, Instant writtenAt);

  /**
   * Removes the override this rollout wrote ({@code job.overrideSha()}), atomically with a backup
   * ({@code <path>.bak.<UTC stamp>}, as the write does), and notes it in the audit log. An absent
   * override is nothing to do; an override with another sha is never touched
   * ({@link StepFailures#OVERRIDE_CONFLICT}): the check and the removal are one command on the host.
   */
  OverrideRemoved removeOverride(HostJob job);

  /**
   * {@link #runPuppet} for any expected override: runs the Puppet wrapper once unless Puppet has reported
   * a successful run since {@code since} with override {@code overrideSha} ({@code null}: with no override).
   */
  PuppetRunResult runPuppetOnce(HostJob job, String overrideSha, Instant since, Duration timeout);

  /**
   * {@link #awaitPuppet} for any expected override: returns Puppet's report of a successful run since
   * {@code since} (host clock) with override {@code overrideSha} ({@code null}: with no override); fails
   * with {@link StepFailures#PUPPET_FAILED} when such a run failed, with {@link StepFailures#OVERRIDE_CONFLICT}
   * when the host's override file is no longer the expected one, and with {@link StepFailures#WAITING} until then.
   */
  PuppetReport awaitPuppetRun(HostJob job, String overrideSha, Instant since);
}
