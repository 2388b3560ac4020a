package dev.fleetroll.cli.host;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.Sha;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.HumanHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "set-vault", mixinStandardHelpOptions = true,
    description = {"Write a vault (hiera secrets) file to hosts, atomically, mode 0640, with a backup.",
        "Its contents are never printed; it is kept in the local store readable by you only."})
public final class SetVaultCommand extends ChangeCommand {

  @Option(names = {"-f", "--from-file"}, required = true, paramLabel = "FILE", description = "The vault.yaml to write.")
  Path file;

  @Option(names = "--no-backup", description = "Do not back up the file being replaced.")
  boolean noBackup;

  @Option(names = "--keep-backups", defaultValue = "10", description = "Backups kept per file on each host (default: ${DEFAULT-VALUE}).")
  int keepBackups;

  @Override
  public Integer call() {
    byte[] bytes = read(file);
    List<String> hosts = hosts();
    String sha = Sha.sha256(bytes);
    String name = sha.substring(0, 12) + " " + HumanHash.of(sha);
    try (Inventory inventory = Inventory.open(ssh, Duration.ofSeconds(60), "host set-vault")) {
      if (!confirm) {
        out.println(style.bold("Vault " + name) + " from " + file + " (contents not shown)");
        out.println();
        boolean allOk = true;
        for (var o : current(inventory, hosts).values()) {
          if (!o.ok()) {
            out.println(failureLine(o.failure()));
            allOk = false;
          } else if (sha.equals(o.value().vault().sha256())) {
            out.println("NO_CHANGE  " + o.host() + "  already has this vault");
          } else {
            out.println("WRITE      " + o.host() + "  would " + (o.value().vault().present() ? "replace " : "write ")
                + o.value().os().vaultPath());
          }
        }
        dryRunFooter();
        return exitCode(allOk);
      }
      ContentStore.Entry stored = inventory.store().content().put(ContentStore.Kind.VAULT, bytes);
      HostClient.FileWrite write = new HostClient.FileWrite(bytes, true, !noBackup, keepBackups, "root", null, "0640");
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("source", file.toString());
      parameters.put("sha256", sha);
      parameters.put("stored_as", stored.fileName());
      parameters.put("backup", !noBackup);
      parameters.put("reason", reason);
      Summary summary = apply(inventory, "host.set_vault", hosts, host -> inventory.hosts().writeVault(host, write),
          (host, r) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("outcome", r.changed() ? "changed" : "no_change");
            entry.put("previous_sha256", r.previousSha256());
            entry.put("backup", r.backupPath());
            out.println(r.changed() ? style.good("OK") + "         " + host + "  vault written"
                : "NO_CHANGE  " + host + "  vault already current");
            return new HostResult(r.changed() ? "changed" : "no_change", entry);
          }, parameters, "changed", "no_change", "failed");
      return finish(inventory, summary);
    }
  }

  private static byte[] read(Path file) {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file + ": vault file not found");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read vault file: " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      throw new InputException(file + ": vault file is empty");
    }
    try {
      new YAMLMapper().readTree(bytes);
    } catch (IOException e) {
      // Jackson's location names the line; never echo the content itself.
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? ":" + j.getLocation().getLineNr() : "";
      throw new InputException(file + where + ": vault file is not valid YAML");
    }
    return bytes;
  }
}
