package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.Sha;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.override.OverrideValidator;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.HumanHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "set-override", mixinStandardHelpOptions = true,
    description = {"Write an override file to hosts, atomically and with a backup.",
        "Validated before any host is touched; identical content is left alone; a different existing",
        "override blocks the write unless --force. Without --confirm, shows what would change."})
public final class SetOverrideCommand extends ChangeCommand {

  @Option(names = {"-f", "--from-file"}, required = true, paramLabel = "FILE", description = "The override to write.")
  Path file;

  @Option(names = "--force", description = "Replace a different override already on a host.")
  boolean force;

  @Option(names = "--no-backup", description = "Do not back up the file being replaced.")
  boolean noBackup;

  @Option(names = "--keep-backups", defaultValue = "10", description = "Backups kept per file on each host (default: ${DEFAULT-VALUE}).")
  int keepBackups;

  @Override
  public Integer call() {
    OverrideValidator.Validated override = OverrideValidator.readFile(file);
    if (keepBackups < 1) {
      throw new InputException("--keep-backups must be at least 1");
    }
    List<String> hosts = hosts();
    String sha = Sha.sha256(override.bytes());
    String name = (override.override().branch() != null ? override.override().branch() + " " : "")
        + sha.substring(0, 12) + " " + HumanHash.of(sha);
    try (Inventory inventory = Inventory.open(ssh, Duration.ofSeconds(60), "host set-override")) {
      if (!confirm) {
        out.println(style.bold("Override " + name) + " from " + file + ":");
        for (String line : new String(override.bytes(), StandardCharsets.UTF_8).split("\n")) {
          out.println("  | " + line);
        }
        out.println();
        boolean allOk = true;
        for (var o : current(inventory, hosts).values()) {
          if (!o.ok()) {
            out.println(failureLine(o.failure()));
            allOk = false;
            continue;
          }
          HostAudit a = o.value();
          String have = a.override().present() ? AuditCommand.overrideName(a) : null;
          if (have == null) {
            out.println("WRITE      " + o.host() + "  would write " + a.os().overridePath());
          } else if (sha.equals(a.override().sha256())) {
            out.println("NO_CHANGE  " + o.host() + "  already has this override");
          } else if (force) {
            out.println("REPLACE    " + o.host() + "  would replace " + have + (noBackup ? "" : " (backup kept)"));
          } else {
            out.println(style.warn("BLOCKED") + "    " + o.host() + "  has a different override " + have + "; --force replaces it");
          }
        }
        dryRunFooter();
        return exitCode(allOk);
      }
      ContentStore.Entry stored = inventory.store().content().put(ContentStore.Kind.OVERRIDE, override.bytes());
      HostClient.FileWrite write = new HostClient.FileWrite(override.bytes(), force, !noBackup, keepBackups, "root",
          null, "0644");
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("source", file.toString());
      parameters.put("sha256", sha);
      parameters.put("stored_as", stored.fileName());
      parameters.put("force", force);
      parameters.put("backup", !noBackup);
      parameters.put("keep_backups", keepBackups);
      parameters.put("reason", reason);
      Summary summary = apply(inventory, "host.set_override", hosts, host -> inventory.hosts().writeOverride(host, write),
          (host, r) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", r.path());
            entry.put("previous_sha256", r.previousSha256());
            String column;
            if (r.blocked()) {
              out.println(style.warn("BLOCKED") + "    " + host + "  has a different override ("
                  + new Sha(r.previousSha256()).contentForm() + "); use --force to replace it");
              entry.put("outcome", "blocked");
              column = "blocked";
            } else if (r.changed()) {
              out.println(style.good("OK") + "         " + host + "  override written" + (r.backupPath() != null ? " (backup " + r.backupPath() + ")" : ""));
              entry.put("outcome", "changed");
              entry.put("backup", r.backupPath());
              inventory.store().auditLog().noteChange(host, appliedAt, "set_override", sha);
              column = "changed";
            } else {
              out.println("NO_CHANGE  " + host + "  override already current");
              entry.put("outcome", "no_change");
              column = "no_change";
            }
            return new HostResult(column, entry);
          }, parameters, "changed", "no_change", "blocked", "failed");
      return finish(inventory, summary);
    }
  }
}
