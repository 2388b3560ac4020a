package dev.fleetroll.host;

/**
 * The POSIX shell scripts we run on hosts. Each runs under one {@code sudo -n} (sudo costs real CPU
 * on the host, so an audit asks for it once, not once per file), first prints {@link #SUDO_OK} so a
 * refusal by sudo is told apart from a failing script, and works out its OS with {@code uname -s}
 * so no extra round trip is needed. Paths come from {@link HostOs}.
 */
public final class HostScripts {

  /** Printed first by every privileged script: sudo let us in. */
  public static final String SUDO_OK = "FLEETROLL_SUDO_OK=1";
  /** Largest override we read back during an audit; real ones are well under 4 KiB. */
  public static final int MAX_OVERRIDE_BYTES = 64 * 1024;

  private HostScripts() {}

  /** Wraps a script as the command line {@code sudo -n /bin/sh -c '<script>'}. */
  public static String privileged(String script) {
    return "sudo -n /bin/sh -c " + quote(script);
  }

  /** Quotes {@code value} as one shell word. */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** Shell functions and per-OS variables every script starts with. */
  static String prelude() {
    StringBuilder s = new StringBuilder();
    s.append("echo ").append(SUDO_OK).append('\n');
    s.append("os=$(uname -s)\n");
    s.append("case \"$os\" in\n");
    for (HostOs os : HostOs.values()) {
      s.append("  ").append(os.uname()).append(")")
          .append(" ovr=").append(quote(os.overridePath()))
          .append(" vlt=").append(quote(os.vaultPath()))
          .append(" meta=").append(quote(os.puppetMetadataPath()))
          .append(" admin_group=").append(quote(os.adminGroup()))
          .append(" ;;\n");
    }
    s.append("  *) ovr=").append(quote(HostOs.LINUX.overridePath()))
        .append(" vlt=").append(quote(HostOs.LINUX.vaultPath()))
        .append(" meta=").append(quote(HostOs.LINUX.puppetMetadataPath()))
        .append(" admin_group=root ;;\n");
    s.append("esac\n");
    // GNU stat on Linux, BSD stat on macOS: try the GNU form and fall back, whatever uname says.
    s.append("""
        file_meta() {
          stat -c '%a %U %G %s %Y' "$1" 2>/dev/null || stat -f '%Lp %Su %Sg %z %m' "$1" 2>/dev/null
        }
        file_sha() {
          if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
          else shasum -a 256 "$1" | cut -d' ' -f1; fi
        }
        b64() { base64 < "$1" | tr -d '\\n'; }
        """);
    return s.toString();
  }

  /**
   * The audit: prints KEY=value lines (and base64 blocks between X_BEGIN and X_END lines) that
   * {@link AuditParser} reads. Reads only. Written to start few processes: on 2 cores shared with
   * hundreds of hosts, every fork on the host counts.
   */
  public static String audit() {
    return prelude() + """
        echo OS_TYPE=$os
        if [ "$os" = Darwin ]; then
          boot=$(sysctl -n kern.boottime 2>/dev/null | sed -n 's/^{ *sec = \\([0-9]*\\).*/\\1/p')
          [ -n "$boot" ] && echo UPTIME_S=$(( $(date +%s) - boot ))
        elif read up rest < /proc/uptime; then
          echo UPTIME_S=${up%.*}
        fi
        if [ -f %ROLE% ]; then
          echo ROLE_PRESENT=1
          printf 'ROLE='; tr -s '\\n\\t ' '   ' < %ROLE%; echo
        else
          echo ROLE_PRESENT=0
        fi
        if [ -f "$vlt" ]; then
          echo VLT_PRESENT=1
          printf 'VLT_META='; file_meta "$vlt"
          printf 'VLT_SHA256='; sha256sum "$vlt" 2>/dev/null || shasum -a 256 "$vlt"
        else
          echo VLT_PRESENT=0
        fi
        if [ -f "$meta" ]; then
          echo PP_STATE_JSON_BEGIN; base64 < "$meta"; echo; echo PP_STATE_JSON_END
        else
          for f in %REPORT% %SUMMARY% %SUMMARY_OLD%; do
            [ -f "$f" ] || continue
            case "$f" in
              *report.yaml)
                t=$(sed -n "s/^time: *['\\"]*\\([^'\\"]*\\).*/\\1/p" "$f" | head -n 1)
                e=$(date -d "$t" +%s 2>/dev/null) && echo PP_LAST_RUN_EPOCH=$e
                if grep -q '^status: *failed' "$f"; then echo PP_SUCCESS=0; else echo PP_SUCCESS=1; fi ;;
              *)
                e=$(sed -n 's/^ *last_run: *\\([0-9]*\\).*/\\1/p' "$f" | head -n 1)
                [ -n "$e" ] && echo PP_LAST_RUN_EPOCH=$e
                fl=$(awk '/^events:/{ev=1;next} /^[^ ]/{ev=0} ev && /failure:/{print $2; exit}' "$f")
                if [ -n "$fl" ] && [ "$fl" != 0 ]; then echo PP_SUCCESS=0; else echo PP_SUCCESS=1; fi ;;
            esac
            break
          done
        fi
        if [ -f "$ovr" ]; then
          echo OVERRIDE_PRESENT=1
          m=$(file_meta "$ovr")
          echo OVERRIDE_META=$m
          set -- $m
          if [ "${4:-0}" -le %MAX% ]; then
            echo OVERRIDE_B64_BEGIN; base64 < "$ovr"; echo; echo OVERRIDE_B64_END
          else
            echo OVERRIDE_TOO_LARGE=1
            printf 'OVERRIDE_SHA256='; sha256sum "$ovr" 2>/dev/null || shasum -a 256 "$ovr"
          fi
        else
          echo OVERRIDE_PRESENT=0
        fi
        echo AUDIT_DONE=1
        """
        .replace("%ROLE%", quote(HostOs.ROLE_FILE))
        .replace("%REPORT%", quote(HostOs.LEGACY_REPORT))
        .replace("%SUMMARY%", quote(HostOs.LEGACY_SUMMARY))
        .replace("%SUMMARY_OLD%", quote(HostOs.LEGACY_SUMMARY_OLD))
        .replace("%MAX%", Integer.toString(MAX_OVERRIDE_BYTES));
  }

  /** Which file a write or removal is about. */
  public enum Target {
    OVERRIDE("ovr", ".ronin_settings.tmp."),
    VAULT("vlt", ".vault.tmp.");

    final String variable;
    final String tempPrefix;

    Target(String variable, String tempPrefix) {
      this.variable = variable;
      this.tempPrefix = tempPrefix;
    }
  }

  /**
   * Writes stdin to the target atomically: into a temporary file beside it, checked against {@code
   * sha256}, owner/group/mode set, then renamed over the target, so the file is always either the
   * old or the new content. Identical content is left alone (no backup, mtime kept). An existing
   * different file is kept and {@code EXISTS=1} printed unless {@code force}. A changed file is
   * backed up to {@code <path>.bak.<stamp>} first and only the newest {@code keepBackups} backups are
   * kept. Prints {@code PATH=}, {@code PREVIOUS_SHA256=}, {@code CONTENT_CHANGED=}, {@code BACKUP=}.
   *
   * @param group the group, or null for the OS's admin group (root on Linux, wheel on macOS)
   */
  public static String write(Target target, String sha256, boolean force, boolean backup, int keepBackups,
      String stamp, String owner, String group, String mode) {
    return prelude() + """
        set -u
        target=$%VAR%
        group=%GROUP%
        [ -n "$group" ] || group=$admin_group
        echo PATH=$target
        prev=
        if [ -f "$target" ]; then prev=$(file_sha "$target"); fi
        echo PREVIOUS_SHA256=$prev
        if [ "$prev" = %SHA% ]; then
          have=$(file_meta "$target" | cut -d' ' -f1-3)
          if [ "$have" != "$(printf '%s %s %s' %MODE_BARE% %OWNER% "$group")" ]; then
            chown %OWNER%:"$group" "$target" && chmod %MODE% "$target" || exit 1
          fi
          cat > /dev/null
          echo CONTENT_CHANGED=0
          echo BACKUP=
          exit 0
        fi
        if [ -n "$prev" ] && [ %FORCE% != 1 ]; then
          cat > /dev/null
          echo EXISTS=1
          exit 0
        fi
        dir=$(dirname "$target")
        [ -d "$dir" ] || mkdir -p "$dir" || exit 1
        tmp=$(mktemp "$dir/%PREFIX%XXXXXX") || exit 1
        trap 'rm -f "$tmp"' EXIT
        cat > "$tmp" || exit 1
        got=$(file_sha "$tmp")
        if [ "$got" != %SHA% ]; then echo "content arrived incomplete (sha256 $got)" >&2; exit 1; fi
        chown %OWNER%:"$group" "$tmp" && chmod %MODE% "$tmp" || exit 1
        bak=
        if [ -n "$prev" ] && [ %BACKUP% = 1 ]; then
          bak="$target.bak.%STAMP%"
          cp -p "$target" "$bak" || exit 1
        fi
        mv -f "$tmp" "$target" || exit 1
        trap - EXIT
        echo CONTENT_CHANGED=1
        echo BACKUP=$bak
        %PRUNE%
        """
        .replace("%VAR%", target.variable)
        .replace("%GROUP%", group == null ? "''" : quote(group))
        .replace("%SHA%", quote(sha256))
        .replace("%MODE_BARE%", quote(bareMode(mode)))
        .replace("%MODE%", quote(mode))
        .replace("%OWNER%", quote(owner))
        .replace("%FORCE%", force ? "1" : "0")
        .replace("%PREFIX%", target.tempPrefix)
        .replace("%BACKUP%", backup ? "1" : "0")
        .replace("%STAMP%", stamp)
        .replace("%PRUNE%", prune(keepBackups));
  }

  /**
   * Removes the target, backing it up first; prints {@code PATH=}, {@code PREVIOUS_SHA256=},
   * {@code REMOVED=1|0} and {@code BACKUP=}. Removing an absent file succeeds (idempotent).
   */
  public static String remove(Target target, boolean backup, int keepBackups, String stamp) {
    return remove(target, backup, keepBackups, stamp, null);
  }

  /**
   * {@link #remove(Target, boolean, int, String)}, guarded: with {@code expectedSha256}, a file with
   * other content is left alone and {@code DIFFERENT=1} printed (the check and the removal are one
   * command, so nothing can slip in between). Also prints {@code HOST_TIME=} (epoch seconds, the host's
   * clock) at the removal, or at the look when nothing was removed; and when the target is absent, the
   * newest backup and its sha256 ({@code LATEST_BACKUP=}, {@code LATEST_BACKUP_SHA256=}), by which a
   * retried removal finds the one an earlier attempt made.
   */
  public static String remove(Target target, boolean backup, int keepBackups, String stamp, String expectedSha256) {
    return prelude() + """
        set -u
        target=$%VAR%
        echo PATH=$target
        if [ ! -e "$target" ]; then
          echo PREVIOUS_SHA256=
          echo REMOVED=0
          echo BACKUP=
          echo HOST_TIME=$(date +%s)
          latest=$(ls -1 "$target".bak.* 2>/dev/null | sort -r | head -n 1)
          echo LATEST_BACKUP=$latest
          if [ -n "$latest" ]; then echo LATEST_BACKUP_SHA256=$(file_sha "$latest"); fi
          exit 0
        fi
        prev=$(file_sha "$target")
        echo PREVIOUS_SHA256=$prev
        if [ -n %EXPECT% ] && [ "$prev" != %EXPECT% ]; then
          echo DIFFERENT=1
          echo REMOVED=0
          echo BACKUP=
          echo HOST_TIME=$(date +%s)
          exit 0
        fi
        bak=
        if [ %BACKUP% = 1 ]; then
          bak="$target.bak.%STAMP%"
          cp -p "$target" "$bak" || exit 1
        fi
        rm -f "$target" || exit 1
        echo HOST_TIME=$(date +%s)
        echo REMOVED=1
        echo BACKUP=$bak
        %PRUNE%
        """
        .replace("%VAR%", target.variable)
        .replace("%EXPECT%", expectedSha256 == null ? "''" : quote(expectedSha256))
        .replace("%BACKUP%", backup ? "1" : "0")
        .replace("%STAMP%", stamp)
        .replace("%PRUNE%", prune(keepBackups));
  }

  /** Runs Puppet once (no retry loop) and exits with its status; output goes to stdout. */
  public static String runPuppet() {
    return "echo " + SUDO_OK + "\nFLEETROLL_SINGLE_RUN=1 exec " + quote(HostOs.RUN_PUPPET) + " 2>&1\n";
  }

  /** Reboots after a moment, so this command can report that sudo accepted it. */
  public static String reboot() {
    return "echo " + SUDO_OK + "\n"
        + "( sleep 1; shutdown -r now || reboot ) </dev/null >/dev/null 2>&1 &\n";
  }

  /** Keeps the newest {@code keep} backups; their names sort by time (UTC stamp). */
  private static String prune(int keep) {
    return "ls -1 \"$target\".bak.* 2>/dev/null | sort -r | tail -n +" + (keep + 1)
        + " | while IFS= read -r old; do rm -f \"$old\"; done\n"
        + "echo BACKUPS_KEPT=$(ls -1 \"$target\".bak.* 2>/dev/null | wc -l | tr -d ' ')";
  }

  /** "0644" → "644", as stat prints it. */
  private static String bareMode(String mode) {
    String bare = mode.replaceFirst("^0+(?=.)", "");
    return bare.isEmpty() ? "0" : bare;
  }
}
