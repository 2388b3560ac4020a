package dev.fleetroll.host;

import dev.fleetroll.Sha;
import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.RemoteResult;
import dev.fleetroll.ssh.SshSessions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What we do to a host over SSH: audit it, write or remove its override or vault, run Puppet,
 * reboot it. Each method is one remote command under one {@code sudo -n}; failures are
 * {@link HostException}s whose {@link dev.fleetroll.ssh.SshFailure} says what went wrong.
 */
public final class HostClient {

  /** UTC stamp of backup names: {@code ronin_settings.bak.20260821T172400Z}. */
  public static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SshSessions ssh;
  private final Clock clock;

  public HostClient(SshSessions ssh) {
    this(ssh, Clock.systemUTC());
  }

  public HostClient(SshSessions ssh, Clock clock) {
    this.ssh = ssh;
    this.clock = clock;
  }

  public SshSessions ssh() {
    return ssh;
  }

  /** Reads every fact of {@link HostAudit}: role, OS, uptime, override (with content), vault, Puppet state. */
  public HostAudit audit(String host) {
    return audit(host, ssh.options().commandTimeout());
  }

  public HostAudit audit(String host, Duration timeout) {
    Instant at = clock.instant();
    RemoteResult result = privileged(host, HostScripts.audit(), null, timeout);
    try {
      return AuditParser.parse(host, at, result.stdout());
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(host, "audit script failed (exit " + result.exitStatus() + "): "
          + firstLine(result.stderr(), e.getMessage()));
    }
  }

  /** Reads what Puppet's last run recorded (the same script as the audit; it costs one sudo either way). */
  public PuppetState puppetState(String host) {
    return audit(host).puppet();
  }

  /**
   * Writes the override atomically (see {@link HostScripts#write}). Identical content is not
   * rewritten; a different existing override is left alone and reported as {@code blocked} unless
   * {@link FileWrite#force()}.
   */
  public WriteResult writeOverride(String host, FileWrite write) {
    return write(host, HostScripts.Target.OVERRIDE, write);
  }

  /** Writes the vault (hiera secrets) the same way; there is no exists-guard for vaults. */
  public WriteResult writeVault(String host, FileWrite write) {
    return write(host, HostScripts.Target.VAULT, new FileWrite(write.content(), true, write.backup(),
        write.keepBackups(), write.owner(), write.group(), write.mode()));
  }

  /** Removes the override (backing it up first when asked); an absent override is success. */
  public RemoveResult removeOverride(String host, boolean backup, int keepBackups) {
    return removeOverride(host, backup, keepBackups, null);
  }

  /**
   * Removes the override only if its sha256 is {@code expectedSha256} (null: whatever it is); another
   * override is left alone and reported as {@code blocked}. An absent override is success.
   */
  public RemoveResult removeOverride(String host, boolean backup, int keepBackups, String expectedSha256) {
    String stamp = BACKUP_STAMP.format(clock.instant());
    RemoteResult result = privileged(host, HostScripts.remove(HostScripts.Target.OVERRIDE, backup, keepBackups, stamp,
        expectedSha256), null, ssh.options().commandTimeout());
    Map<String, String> v = AuditParser.keyValues(result.stdout());
    requireSuccess(host, result, "removing the override");
    String hostTime = emptyToNull(v.get("HOST_TIME"));
    return new RemoveResult(v.get("PATH"), "1".equals(v.get("REMOVED")), emptyToNull(v.get("PREVIOUS_SHA256")),
        emptyToNull(v.get("BACKUP")), "1".equals(v.get("DIFFERENT")),
        hostTime == null ? null : Instant.ofEpochSecond(Long.parseLong(hostTime.strip())),
        emptyToNull(v.get("LATEST_BACKUP")), emptyToNull(v.get("LATEST_BACKUP_SHA256")));
  }

  /**
   * Runs Puppet once with {@code FLEETROLL_SINGLE_RUN=1} and waits for it. A failed run is a result
   * ({@link PuppetRun#succeeded()} false), not an exception; sudo refusals and timeouts are exceptions.
   */
  public PuppetRun runPuppet(String host, Duration timeout) {
    Instant started = clock.instant();
    RemoteResult result = privileged(host, HostScripts.runPuppet(), null, timeout);
    String output = result.stdout();
    int marker = output.indexOf(HostScripts.SUDO_OK);
    if (marker >= 0) {
      output = output.substring(marker + HostScripts.SUDO_OK.length()).stripLeading();
    }
    int exit = result.exitStatus();
    return new PuppetRun(host, started, exit, exit == 0 || exit == 2, exit == 2, result.elapsed(), tail(output, 200));
  }

  /**
   * Asks the host to reboot ({@code shutdown -r now}, else {@code reboot}) and drops our connection
   * to it; returns once sudo has accepted the command.
   */
  public void reboot(String host) {
    privileged(host, HostScripts.reboot(), null, ssh.options().commandTimeout());
    ssh.disconnect(host);
  }

  private WriteResult write(String host, HostScripts.Target target, FileWrite write) {
    String stamp = BACKUP_STAMP.format(clock.instant());
    String sha = Sha.sha256(write.content());
    String script = HostScripts.write(target, sha, write.force(), write.backup(), write.keepBackups(), stamp,
        write.owner(), write.group(), write.mode());
    RemoteResult result = privileged(host, script, write.content(), ssh.options().commandTimeout());
    Map<String, String> v = AuditParser.keyValues(result.stdout());
    requireSuccess(host, result, "writing " + (v.getOrDefault("PATH", "the file")));
    return new WriteResult(v.get("PATH"), sha, emptyToNull(v.get("PREVIOUS_SHA256")),
        "1".equals(v.get("CONTENT_CHANGED")), "1".equals(v.get("EXISTS")), emptyToNull(v.get("BACKUP")));
  }

  private RemoteResult privileged(String host, String script, byte[] stdin, Duration timeout) {
    RemoteResult result = ssh.run(host, HostScripts.privileged(script), stdin, timeout);
    if (!result.stdout().contains(HostScripts.SUDO_OK)) {
      String why = firstLine(result.stderr(), "exit " + result.exitStatus());
      if (why.contains("sudo") || why.contains("password")) {
        throw new NoSudoException(host, "sudo -n refused: " + why);
      }
      throw new CommandFailedException(host, "remote command failed: " + why);
    }
    return result;
  }

  private static void requireSuccess(String host, RemoteResult result, String what) {
    if (result.succeeded()) {
      return;
    }
    String all = result.stderr() + "\n" + result.stdout();
    if (all.contains("Read-only file system")) {
      throw new ReadOnlyFilesystemException(host, what + " failed: read-only file system; nothing was changed");
    }
    throw new CommandFailedException(host, what + " failed (exit " + result.exitStatus() + "): "
        + firstLine(result.stderr(), "no error output"));
  }

  private static String firstLine(String text, String fallback) {
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return fallback;
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    if (all.length <= lines) {
      return text;
    }
    return String.join("\n", java.util.Arrays.copyOfRange(all, all.length - lines, all.length));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * A file to write.
   *
   * @param group the group, or null for the OS's admin group (root on Linux, wheel on macOS)
   * @param mode octal permission bits ("0644")
   */
  public record FileWrite(byte[] content, boolean force, boolean backup, int keepBackups, String owner, String group,
      String mode) {

    public static final int DEFAULT_KEEP_BACKUPS = 10;

    public static FileWrite override(byte[] content, boolean force) {
      return new FileWrite(content, force, true, DEFAULT_KEEP_BACKUPS, "root", null, "0644");
    }

    public static FileWrite vault(byte[] content) {
      return new FileWrite(content, true, true, DEFAULT_KEEP_BACKUPS, "root", null, "0640");
    }

    public static FileWrite of(String content, boolean force) {
      return override(content.getBytes(StandardCharsets.UTF_8), force);
    }
  }

  /**
   * What a write did.
   *
   * @param blocked a different file exists and force was not given: nothing was written
   * @param backupPath the backup of the previous content, or null
   */
  public record WriteResult(String path, String sha256, String previousSha256, boolean changed, boolean blocked,
      String backupPath) {}

  /**
   * What a removal did; {@code removed} is false when there was nothing to remove.
   *
   * @param blocked the override was not the expected one: nothing was removed
   * @param hostTime the host's clock at the removal (or at the look), null when the host did not say
   * @param latestBackupPath when there was nothing to remove: the newest backup of the file, or null
   * @param latestBackupSha256 that backup's sha256
   */
  public record RemoveResult(String path, boolean removed, String previousSha256, String backupPath, boolean blocked,
      Instant hostTime, String latestBackupPath, String latestBackupSha256) {}

  /**
   * One Puppet run: {@code exitCode} is run-puppet.sh's (0 or 2 = success, 2 = changes applied).
   *
   * @param outputTail the last lines of Puppet's output
   */
  public record PuppetRun(String host, Instant started, int exitCode, boolean succeeded, boolean changesApplied,
      Duration duration, String outputTail) {}
}
