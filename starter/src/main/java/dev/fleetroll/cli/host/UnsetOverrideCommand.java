package dev.fleetroll.cli.host;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unset-override", mixinStandardHelpOptions = true,
    description = {"Remove the override from hosts (backed up first). Hosts without one are left alone.",
        "Without --confirm, shows what would change. Taskcluster is not touched: a worker a rollout left quarantined",
        "stays so until 'fleetroll host release' (after 'fleetroll host run-puppet'). For every host of an ended",
        "rollout at once, 'fleetroll rollout finalize' does all three, checking Puppet's run."})
public final class UnsetOverrideCommand extends ChangeCommand {

  @Option(names = "--no-backup", description = "Do not back up the override being removed.")
  boolean noBackup;

  @Option(names = "--keep-backups", defaultValue = "10", description = "Backups kept per file on each host (default: ${DEFAULT-VALUE}).")
  int keepBackups;

  @Override
  public Integer call() {
    List<String> hosts = hosts();
    try (Inventory inventory = Inventory.open(ssh, Duration.ofSeconds(60), "host unset-override")) {
      if (!confirm) {
        boolean allOk = true;
        for (var o : current(inventory, hosts).values()) {
          if (!o.ok()) {
            out.println(failureLine(o.failure()));
            allOk = false;
          } else if (o.value().override().present()) {
            out.println("REMOVE     " + o.host() + "  would remove " + AuditCommand.overrideName(o.value())
                + (noBackup ? "" : " (backup kept)"));
          } else {
            out.println("NO_CHANGE  " + o.host() + "  has no override");
          }
        }
        dryRunFooter();
        return exitCode(allOk);
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("backup", !noBackup);
      parameters.put("keep_backups", keepBackups);
      parameters.put("reason", reason);
      Summary summary = apply(inventory, "host.unset_override", hosts,
          host -> inventory.hosts().removeOverride(host, !noBackup, keepBackups), (host, r) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("outcome", r.removed() ? "removed" : "absent");
            entry.put("previous_sha256", r.previousSha256());
            entry.put("backup", r.backupPath());
            if (r.removed()) {
              inventory.store().auditLog().noteChange(host, appliedAt, "unset_override", null);
              out.println(style.good("OK") + "         " + host + "  override removed" + (r.backupPath() != null ? " (backup " + r.backupPath() + ")" : ""));
            } else {
              out.println("NO_CHANGE  " + host + "  override absent");
            }
            return new HostResult(r.removed() ? "removed" : "absent", entry);
          }, parameters, "removed", "absent", "failed");
      if (summary.count("removed") > 0) {
        out.println("Taskcluster was not touched: a quarantined worker stays out of service until"
            + " 'fleetroll host release' (run 'fleetroll host run-puppet' first).");
      }
      return finish(inventory, summary);
    }
  }
}
