package dev.fleetroll.cli.host;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.inventory.drift.Drift;
import dev.fleetroll.inventory.drift.DriftFinding;
import dev.fleetroll.inventory.drift.DriftType;
import dev.fleetroll.inventory.drift.RolloutStates;
import dev.fleetroll.json.Json;
import dev.fleetroll.store.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drift", mixinStandardHelpOptions = true,
    description = {"Hosts whose state differs from what is expected, with the type and since when (docs/inventory.md#drift):",
        "  override     an override no rollout put there, or not the one its rollout wrote",
        "  lingering    an override older than --max-age",
        "  puppet       Puppet's last run failed, or it has not run for --puppet-max-age",
        "  behind       the host runs an older commit than its branch's head on GitHub (PP_MATCH N)",
        "  unreachable  no SSH for --unreachable-after",
        "  tc-missing   Taskcluster does not know the host's worker",
        "  quarantine   quarantined by a rollout that is no longer running",
        "From the store (keep it current: 'fleetroll inventory schedule') and the rollouts on the Temporal server."})
public final class DriftCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "0..*", description = "Host names or host-list files (default: every host in the store).")
  List<String> targets;

  @Option(names = "--type", paramLabel = "T", description = "Only this type (or 'any').")
  String type;

  @Option(names = "--json", description = "One JSON object per finding: host, type, since, detail.")
  boolean json;

  @Option(names = "--max-age", defaultValue = "14d", converter = DurationConverter.class,
      description = "An override older than this lingers (default: ${DEFAULT-VALUE}).")
  Duration maxAge;

  @Option(names = "--puppet-max-age", defaultValue = "24h", converter = DurationConverter.class,
      description = "Puppet not run for longer than this is drift (default: ${DEFAULT-VALUE}).")
  Duration puppetMaxAge;

  @Option(names = "--unreachable-after", defaultValue = "1h", converter = DurationConverter.class,
      description = "Unreachable for longer than this is drift (default: ${DEFAULT-VALUE}).")
  Duration unreachableAfter;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    DriftType only = null;
    if (type != null && !type.equalsIgnoreCase("any")) {
      only = DriftType.byLabel(type);
      if (only == null) {
        throw new InputException("--type '" + type + "' is not one of: any, " + DriftType.labels());
      }
    }
    Drift drift = new Drift(new Drift.Settings(maxAge, puppetMaxAge, unreachableAfter));
    RolloutStates rollouts = rollouts();
    List<DriftFinding> findings;
    try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
      List<String> hosts = targets == null || targets.isEmpty() ? store.hosts() : HostArguments.parse(targets);
      findings = drift.detect(store, hosts, rollouts);
    }
    DriftType filter = only;
    findings = findings.stream().filter(f -> filter == null || f.type() == filter).toList();
    PrintStream out = System.out;
    if (json) {
      findings.forEach(f -> out.println(Json.write(f)));
      return ExitCode.OK;
    }
    if (findings.isEmpty()) {
      out.println("No drift.");
      return ExitCode.OK;
    }
    Style style = Style.forStdout();
    int width = findings.stream().mapToInt(f -> f.host().length()).max().orElse(4);
    out.println(style.bold(String.format("%-" + width + "s  %-11s  %-16s  %s", "HOST", "TYPE", "SINCE", "DETAIL")));
    Instant now = Instant.now();
    for (DriftFinding f : findings) {
      out.printf("%-" + width + "s  %-11s  %-16s  %s%n", f.host(), f.type().label(),
          f.since() == null ? "-" : Durations.humanize(Duration.between(f.since(), now)) + " ago", f.detail());
    }
    Map<DriftType, Integer> counts = new LinkedHashMap<>();
    findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
    out.println(findings.size() + " finding(s): " + counts.toString().replaceAll("[{}]", "").replace("=", ": "));
    return ExitCode.OK;
  }

  /** Every rollout Temporal knows, running or not; unknown (with a warning) when the server cannot be reached. */
  private RolloutStates rollouts() {
    try (TemporalConnection connection = temporal.connect()) {
      return RolloutStates.read(connection.client());
    } catch (RuntimeException e) {
      System.err.println("fleetroll: rollouts unknown (" + e.getMessage() + "): quarantines are not judged");
      return RolloutStates.UNKNOWN;
    }
  }
}
