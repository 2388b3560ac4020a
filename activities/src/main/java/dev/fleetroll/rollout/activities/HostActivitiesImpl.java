package dev.fleetroll.rollout.activities;

import dev.fleetroll.Sha;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.override.OverrideValidator;
import dev.fleetroll.rollout.host.HostActivities;
import dev.fleetroll.rollout.host.HostFacts;
import dev.fleetroll.rollout.host.HostJob;
import dev.fleetroll.rollout.host.OverrideRemoved;
import dev.fleetroll.rollout.host.OverrideWritten;
import dev.fleetroll.rollout.host.PuppetReport;
import dev.fleetroll.rollout.host.PuppetRunResult;
import dev.fleetroll.rollout.host.Rebooted;
import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.SshFailure;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The host steps over SSH, on {@link HostClient}. Every step audits the host before it acts, so a
 * retried attempt (after a crash, a lost connection) sees what the last one did and does not do it
 * again. Each call ends with the host's connection closed: a rollout touches a host rarely.
 */
public final class HostActivitiesImpl implements HostActivities {

  /** Two readings of one boot time differ by SSH latency and uptime's whole seconds; a reboot moves it further. */
  static final Duration BOOT_TOLERANCE = Duration.ofSeconds(3);

  private final HostClient hosts;
  private final Store store;

  /** How often a step asks a host that does not answer again, within one attempt. */
  static final Duration ASK_AGAIN = Duration.ofSeconds(5);

  public HostActivitiesImpl(HostClient hosts, Store store) {
    this.hosts = hosts;
    this.store = store;
  }

  @Override
  public HostFacts inspectHost(HostJob job) {
    return whenItAnswers(job, () -> facts(audit(job.host())));
  }

  @Override
  public OverrideWritten writeOverride(HostJob job, String content) {
    return whenItAnswers(job, () -> {
      byte[] bytes = content != null ? checked(job, content) : override(job);
      HostClient.WriteResult write = hosts.writeOverride(job.host(), HostClient.FileWrite.override(bytes, false));
      if (write.blocked()) {
        throw ActivityFailures.failure(StepFailures.OVERRIDE_CONFLICT, "a different override ("
            + shortSha(write.previousSha256()) + ") appeared on the host since the pre-flight; nothing was written");
      }
      HostAudit after = audit(job.host());
      if (!after.override().present() || !job.overrideSha().equals(after.override().sha256())) {
        throw ActivityFailures.failure(StepFailures.COMMAND_FAILED, "after the write the host's override is "
            + (after.override().present() ? shortSha(after.override().sha256()) : "absent") + ", not " + job.shortSha());
      }
      // The file's mtime is the write's identity: an attempt that finds the content there (unchanged) records
      // the write an earlier attempt made and died before recording, and nothing when it is recorded already.
      Instant modifiedAt = Instant.ofEpochSecond(after.override().mtimeEpoch());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("path", write.path());
      result.put("backup", write.backupPath());
      result.put("previous_sha256", write.previousSha256());
      result.put("mtime", after.override().mtimeEpoch());
      if (store.auditLog().appendOnce(job.actor(), "rollout.write_override", job.host(), parameters(job), result, "mtime")) {
        store.auditLog().noteChange(job.host(), write.changed() ? after.observedAt() : modifiedAt, "rollout.write_override",
            job.overrideSha());
      }
      return new OverrideWritten(write.changed(), modifiedAt, bootedAt(after), write.backupPath());
    });
  }

  /**
   * The reboot request is recorded in the activity's heartbeat before it is sent (the attempt's first
   * heartbeat, which the SDK sends at once): a retry that finds the host unreachable knows whether it is
   * down for our reboot or for another reason (a network blip, before any reboot was asked for), and then
   * fails so Temporal tries again.
   */
  @Override
  public Rebooted reboot(HostJob job, Instant bootedBefore) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Instant requested = context.getHeartbeatDetails(Instant.class).orElse(null);
    try {
      HostAudit now;
      try {
        now = hosts.audit(job.host());
      } catch (HostException e) {
        if (e.failure() == SshFailure.UNREACHABLE && requested != null) {
          return new Rebooted(false, "unreachable since an earlier attempt asked for the reboot at " + requested + ": "
              + e.detail());
        }
        throw e;
      }
      Instant booted = bootedAt(now);
      if (booted.isAfter(bootedBefore.plus(BOOT_TOLERANCE))) {
        return new Rebooted(false, "booted at " + booted + ", after the override was written: already rebooted");
      }
      context.heartbeat(Instant.now());
      hosts.reboot(job.host());
      return new Rebooted(true, null);
    } catch (HostException e) {
      throw ActivityFailures.of(e);
    } finally {
      hosts.ssh().disconnect(job.host());
    }
  }

  @Override
  public PuppetRunResult runPuppet(HostJob job, Instant writtenAt, Duration timeout) {
    return runPuppetOnce(job, job.overrideSha(), writtenAt, timeout);
  }

  @Override
  public PuppetRunResult runPuppetOnce(HostJob job, String overrideSha, Instant since, Duration timeout) {
    return onHost(job, () -> {
      PuppetState state = audit(job.host()).puppet();
      if (appliedSince(state, overrideSha, since) && Boolean.TRUE.equals(state.success())) {
        return new PuppetRunResult(true, state.exitCode(), true, Duration.ZERO);
      }
      try {
        HostClient.PuppetRun done = hosts.runPuppet(job.host(), timeout);
        return new PuppetRunResult(false, done.exitCode(), done.succeeded(), done.duration());
      } catch (HostException e) {
        if (e.failure() == SshFailure.TIMEOUT) {
          // The macOS wrapper retries a failing run forever; Puppet's own report will say why.
          return new PuppetRunResult(false, null, false, timeout);
        }
        throw e;
      }
    });
  }

  @Override
  public PuppetReport awaitPuppet(HostJob job, Instant writtenAt) {
    return awaitPuppetRun(job, job.overrideSha(), writtenAt);
  }

  @Override
  public PuppetReport awaitPuppetRun(HostJob job, String overrideSha, Instant since) {
    String wanted = overrideSha == null ? "no override" : "override " + shortSha(overrideSha);
    return onHost(job, () -> {
      HostAudit audit;
      try {
        audit = hosts.audit(job.host());
      } catch (HostException e) {
        if (e.failure() == SshFailure.UNREACHABLE || e.failure() == SshFailure.TIMEOUT) {
          throw ActivityFailures.waiting("the host is unreachable (rebooting?): " + e.detail());
        }
        throw e;
      }
      PuppetState p = audit.puppet();
      if (!"metadata".equals(p.source())) {
        throw ActivityFailures.waiting("the host has no Puppet run metadata yet (" + p.source() + ")");
      }
      if (p.lastRun() == null || p.lastRun().isBefore(since)) {
        throw ActivityFailures.waiting("no Puppet run since the override was " + (overrideSha == null ? "removed" : "written")
            + " at " + since + " (last run " + p.lastRun() + ")");
      }
      if (!startedSince(p, since)) {
        throw ActivityFailures.waiting("Puppet's last run started at " + startOf(p) + ", before the override was "
            + (overrideSha == null ? "removed" : "written") + " at " + since + ": it applied " + p.gitBranch());
      }
      if (!Objects.equals(overrideSha, p.overrideSha())) {
        String onHost = audit.override().present() ? audit.override().sha256() : null;
        if (!Objects.equals(overrideSha, onHost)) {
          throw ActivityFailures.failure(StepFailures.OVERRIDE_CONFLICT, "the override on the host changed under us ("
              + (onHost != null ? shortSha(onHost) : "removed") + ")");
        }
        throw ActivityFailures.waiting("Puppet's last run (" + p.lastRun() + ") applied override "
            + shortSha(p.overrideSha()) + ", not " + (overrideSha == null ? "none" : shortSha(overrideSha)));
      }
      if (!Boolean.TRUE.equals(p.success())) {
        throw ActivityFailures.failure(StepFailures.PUPPET_FAILED, "Puppet failed (exit " + p.exitCode() + ") at "
            + p.lastRun() + " applying " + p.gitBranch() + (p.gitSha() != null ? " at " + p.gitSha().substring(0,
            Math.min(12, p.gitSha().length())) : "") + " with " + wanted);
      }
      return new PuppetReport(p.lastRun(), true, p.exitCode(), p.gitRepo(), p.gitBranch(), p.gitSha(), p.overrideSha());
    });
  }

  @Override
  public OverrideRemoved removeOverride(HostJob job) {
    return whenItAnswers(job, () -> {
      HostClient.RemoveResult removal = hosts.removeOverride(job.host(), true, HostClient.FileWrite.DEFAULT_KEEP_BACKUPS,
          job.overrideSha());
      if (removal.blocked()) {
        throw ActivityFailures.failure(StepFailures.OVERRIDE_CONFLICT, "the host has another override ("
            + shortSha(removal.previousSha256()) + ") than the one this rollout wrote (" + job.shortSha()
            + "); nothing was removed");
      }
      HostAudit after = audit(job.host());
      if (after.override().present()) {
        throw ActivityFailures.failure(StepFailures.COMMAND_FAILED, "after the removal the host still has override "
            + shortSha(after.override().sha256()));
      }
      // The backup is the removal's identity: an attempt that finds the override gone records the removal an
      // earlier attempt made (the newest backup holds our override) unless it is recorded already.
      String backup = removal.removed() ? removal.backupPath()
          : job.overrideSha().equals(removal.latestBackupSha256()) ? removal.latestBackupPath() : null;
      if (removal.removed() || backup != null) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", removal.path());
        result.put("backup", backup);
        if (store.auditLog().appendOnce(job.actor(), "rollout.remove_override", job.host(), parameters(job), result,
            "backup")) {
          store.auditLog().noteChange(job.host(), after.observedAt(), "rollout.remove_override", null);
        }
      }
      // Without the host's word on its clock, our own look is the conservative bound (host and worker clocks agree closely).
      Instant removedAt = removal.hostTime() != null ? removal.hostTime() : after.observedAt();
      return new OverrideRemoved(removal.removed(), removedAt, bootedAt(after), backup);
    });
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Runs a step on the host, heartbeating, and closes the connection after it. */
  /**
   * A step on a host that may be rebooting: a Mac reboots after every task, so once drained it is often
   * down for minutes (a real one, not the simulator's second). A connection refused or unanswered is asked
   * again every {@link #ASK_AGAIN} until the attempt's time is nearly up, instead of spending one of the
   * step's few attempts on each refusal; what else fails, fails the attempt at once. The steps are
   * idempotent, so asking again is harmless.
   */
  private <T> T whenItAnswers(HostJob job, java.util.function.Supplier<T> step) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    Instant giveUp = Instant.ofEpochMilli(info.getCurrentAttemptScheduledTimestamp())
        .plus(info.getStartToCloseTimeout()).minus(ASK_AGAIN.multipliedBy(3));
    while (true) {
      try {
        return onHost(job, step);
      } catch (ApplicationFailure failure) {
        if (!StepFailures.UNREACHABLE.equals(failure.getType()) || Instant.now().plus(ASK_AGAIN).isAfter(giveUp)) {
          throw failure;
        }
      }
      Activity.getExecutionContext().heartbeat(null);
      try {
        Thread.sleep(ASK_AGAIN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  private <T> T onHost(HostJob job, java.util.function.Supplier<T> step) {
    try {
      return Heartbeats.around(step);
    } catch (HostException e) {
      throw ActivityFailures.of(e);
    } finally {
      hosts.ssh().disconnect(job.host());
    }
  }

  private static Map<String, Object> parameters(HostJob job) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("rollout", job.rolloutId());
    parameters.put("sha256", job.overrideSha());
    return parameters;
  }

  private HostAudit audit(String host) {
    return hosts.audit(host);
  }

  /**
   * The override that came with the rollout, checked again here before it reaches a host: its sha256 is the
   * rollout's, and it passes the CLI's validation (a CLI of another version, or a hand-made workflow
   * start, must not put an override on hosts that would break them or leak a credential).
   */
  private static byte[] checked(HostJob job, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (!job.overrideSha().equals(Sha.sha256(bytes))) {
      throw ActivityFailures.failure(StepFailures.OVERRIDE_NOT_STORED, "the override that came with the rollout does"
          + " not have the rollout's sha256 " + job.shortSha() + "; nothing was written");
    }
    List<OverrideFile.Problem> problems = OverrideValidator.validate(OverrideFile.parse("override", bytes), bytes);
    if (!problems.isEmpty()) {
      throw ActivityFailures.failure(StepFailures.OVERRIDE_NOT_STORED, "the override " + job.shortSha() + " is not valid ("
          + String.join("; ", problems.stream().map(p -> p.describe("override")).toList()) + "); nothing was written");
    }
    return bytes;
  }

  private byte[] override(HostJob job) {
    ContentStore.Entry entry = store.content().bySha(job.overrideSha());
    if (entry == null) {
      throw ActivityFailures.failure(StepFailures.OVERRIDE_NOT_STORED, "override " + job.shortSha() + " is not in the"
          + " worker's content store (" + store.directory() + "); the CLI that started the rollout and the worker must"
          + " share FLEETROLL_HOME");
    }
    byte[] bytes = store.content().read(entry);
    if (!job.overrideSha().equals(Sha.sha256(bytes))) {
      throw ActivityFailures.failure(StepFailures.OVERRIDE_NOT_STORED, "the stored override " + job.shortSha()
          + " does not match its sha256 (corrupt content store)");
    }
    return bytes;
  }

  static HostFacts facts(HostAudit a) {
    HostPlatform platform = a.os() == HostOs.MACOS ? HostPlatform.MACOS
        : a.os() == HostOs.LINUX ? HostPlatform.LINUX : null;
    if (platform == null) {
      throw ActivityFailures.failure(StepFailures.COMMAND_FAILED, "unsupported OS " + a.osType());
    }
    String workerType = a.overrideContent() == null ? null
        : OverrideFile.parse(a.host(), a.overrideContent().getBytes(StandardCharsets.UTF_8)).workerTypeOverride();
    PuppetState p = a.puppet();
    return new HostFacts(a.host(), platform, a.role(), bootedAt(a), a.override().present() ? a.override().sha256() : null,
        workerType, p.lastRun(), p.success(), p.overrideSha());
  }

  private static boolean appliedSince(PuppetState p, String overrideSha, Instant since) {
    return "metadata".equals(p.source()) && p.lastRun() != null && !p.lastRun().isBefore(since)
        && startedSince(p, since) && Objects.equals(overrideSha, p.overrideSha());
  }

  /**
   * Whether the run began after {@code since}. Puppet's metadata hashes the override when the run ENDS but
   * names the branch the run checked out when it STARTED: a run under way during the write reports the new
   * override with the old branch. Its {@code ts} is cut to the second, hence a second of slack.
   */
  private static boolean startedSince(PuppetState p, Instant since) {
    return !startOf(p).plusSeconds(1).isBefore(since);
  }

  private static Instant startOf(PuppetState p) {
    long seconds = p.durationSeconds() == null ? 0 : (long) Math.ceil(p.durationSeconds());
    return p.lastRun().minusSeconds(seconds);
  }

  static Instant bootedAt(HostAudit a) {
    return a.uptimeSeconds() == null ? a.observedAt() : a.observedAt().minusSeconds(a.uptimeSeconds());
  }

  private static String shortSha(String sha) {
    return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
  }

}
