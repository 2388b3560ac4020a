package dev.fleetroll.cli.host;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.cli.Style;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.json.Json;
import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.store.HumanHash;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Audit hosts over SSH: OS, uptime, role, override, vault, Puppet's last run.",
        "Every outcome is stored with its time, unreachable hosts included."})
public final class AuditCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "1..*", description = "Host names or host-list files.")
  List<String> targets;

  @Mixin SshOptionsMixin ssh;

  @Option(names = "--json", description = "Print one JSON object per host (specs/audit-record.md).")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Option(names = "--concurrency", defaultValue = "64", description = "Hosts audited at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--deadline", defaultValue = "600", paramLabel = "SECONDS",
      description = "Overall deadline; hosts not reached by then are recorded as timed out (default: ${DEFAULT-VALUE}).")
  int deadline;

  @Option(names = "--retries", defaultValue = "2", description = "Retries of connection errors, with backoff (default: ${DEFAULT-VALUE}).")
  int retries;

  @Override
  public Integer call() {
    List<String> hosts = HostArguments.parse(targets);
    if (concurrency < 1 || deadline < 1 || retries < 0) {
      throw new InputException("--concurrency and --deadline must be at least 1, --retries at least 0");
    }
    ssh.checkConfig(hosts);
    PrintStream out = System.out;
    Style style = Style.forStdout();
    try (Inventory inventory = Inventory.open(ssh, Duration.ofSeconds(60), "host audit")) {
      FleetAudit.Settings settings = new FleetAudit.Settings(concurrency, ssh.commandTimeout(Duration.ofSeconds(60)),
          Duration.ofSeconds(deadline), retries, Duration.ofSeconds(1));
      Progress progress = new Progress("Auditing " + hosts.size() + " hosts", hosts.size(), quiet || json);
      List<HostObservation> results = new FleetAudit(inventory.hosts(), inventory.store(), settings)
          .run(hosts, o -> progress.step(o.ok()));
      progress.finish();
      if (json) {
        for (HostObservation o : results) {
          out.println(Json.write(o));
        }
      } else {
        if (!quiet) {
          printHosts(out, style, results);
          printOverrides(out, style, results);
        }
        out.println(summary(style, results, progress.seconds()));
      }
      out.flush();
      return results.stream().allMatch(HostObservation::ok) ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  static String summary(Style style, List<HostObservation> results, double seconds) {
    Map<String, Integer> counts = new TreeMap<>();
    for (HostObservation o : results) {
      counts.merge(o.outcome(), 1, Integer::sum);
    }
    int ok = counts.getOrDefault(HostObservation.OK, 0);
    StringBuilder s = new StringBuilder(String.format("Audited %d host%s in %.1f s: %s", results.size(),
        results.size() == 1 ? "" : "s", seconds, style.good(ok + " ok")));
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (!e.getKey().equals(HostObservation.OK)) {
        s.append(", ").append(style.bad(e.getValue() + " " + e.getKey().replace('_', ' ')));
      }
    }
    return s.toString();
  }

  private static void printHosts(PrintStream out, Style style, List<HostObservation> results) {
    List<HostObservation> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing((HostObservation o) -> o.ok()).thenComparing(HostObservation::host));
    int width = sorted.stream().mapToInt(o -> o.host().length()).max().orElse(4);
    Instant now = Instant.now();
    for (HostObservation o : sorted) {
      String host = String.format("%-" + width + "s", o.host());
      if (!o.ok()) {
        out.println(style.bad("✗") + " " + host + "  " + style.bad(o.outcome()) + ": " + o.error()
            + (o.attempts() > 1 ? " (" + o.attempts() + " attempts)" : ""));
        continue;
      }
      HostAudit a = o.audit();
      StringBuilder line = new StringBuilder(style.good("✓") + " " + host + "  " + (a.os() != null ? a.os().display() : a.osType())
          + "  " + (a.role() == null ? "no role" : a.role()) + "  ");
      line.append(a.override().present() ? "override " + overrideName(a) : "no override");
      if (a.puppet().lastRun() != null) {
        line.append("  puppet ").append(Durations.humanize(Duration.between(a.puppet().lastRun(), now))).append(" ago ")
            .append(Boolean.FALSE.equals(a.puppet().success()) ? style.bad("FAILED") : "ok");
      } else {
        line.append("  puppet never ran");
      }
      out.println(line);
    }
  }

  private static void printOverrides(PrintStream out, Style style, List<HostObservation> results) {
    Map<String, List<String>> bySha = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (HostObservation o : results) {
      if (o.ok() && o.audit().override().present() && o.audit().override().sha256() != null) {
        bySha.computeIfAbsent(o.audit().override().sha256(), k -> new ArrayList<>()).add(o.host());
        names.put(o.audit().override().sha256(), overrideName(o.audit()));
      }
    }
    if (bySha.isEmpty()) {
      return;
    }
    out.println();
    out.println(style.bold("Overrides on these hosts:"));
    bySha.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(e ->
        out.printf("  %4d  %s  %s%n", e.getValue().size(), names.get(e.getKey()), HumanHash.of(e.getKey())));
    out.println();
  }

  static String overrideName(HostAudit a) {
    String sha = a.override().sha256() == null ? "?" : a.override().sha256().substring(0, 12);
    if (a.overrideContent() == null) {
      return sha;
    }
    String branch = OverrideFile.parse("override", a.overrideContent().getBytes(StandardCharsets.UTF_8)).branch();
    return branch == null ? sha : branch + " (" + sha + ")";
  }
}
