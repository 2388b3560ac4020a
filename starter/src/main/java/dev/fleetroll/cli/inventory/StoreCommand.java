package dev.fleetroll.cli.inventory;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.json.Json;
import dev.fleetroll.store.GatherRun;
import dev.fleetroll.store.Store;
import dev.fleetroll.store.StoreInfo;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "store", mixinStandardHelpOptions = true,
    description = "The inventory store: its size, age and freshness; pruning it to the retention.",
    subcommands = {StoreCommand.Info.class, StoreCommand.Prune.class})
public final class StoreCommand {

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Sizes, records per table with the oldest and newest, the retention, the last gathering of each",
          "source, and how fresh each source is (the MVP's data-freshness): a host is fresh when its newest",
          "successful read is at most --stale-threshold old; a source is fresh when --min-fresh-pct % of hosts are.",
          "Exit 0; with --check, exit 1 unless every source is fresh."})
  public static final class Info implements Callable<Integer> {
    @Parameters(paramLabel = "HOST|LIST", arity = "0..*", description = "Judge freshness on these hosts (default: every host in the store).")
    List<String> targets;

    @Option(names = "--stale-threshold", defaultValue = "1h", converter = DurationConverter.class,
        description = "A read older than this is stale (default: ${DEFAULT-VALUE}).")
    Duration threshold;

    @Option(names = "--min-fresh-pct", defaultValue = "80", description = "Share of fresh hosts for a fresh source (default: ${DEFAULT-VALUE}).")
    int minFreshPct;

    @Option(names = "--json", description = "Print the information as one JSON object.")
    boolean json;

    @Option(names = "--check", description = "Exit 1 unless every source is fresh (a guard for scripts).")
    boolean check;

    @Override
    public Integer call() {
      if (minFreshPct < 0 || minFreshPct > 100) {
        throw new InputException("--min-fresh-pct must be between 0 and 100");
      }
      List<String> hosts = targets == null || targets.isEmpty() ? null : HostArguments.parse(targets);
      FleetrollHome home = FleetrollHome.fromEnvironment();
      if (!Files.exists(home.store().resolve("fleetroll.db"))) {
        throw new InputException("no store in " + home.store() + " yet (audit some hosts first)");
      }
      StoreInfo info;
      try (Store store = Store.open(home)) {
        info = StoreInfo.of(store, hosts, threshold, minFreshPct, Instant.now());
      }
      PrintStream out = System.out;
      if (json) {
        out.println(Json.write(info));
      } else {
        print(out, info);
      }
      return !check || info.freshness().stream().allMatch(StoreInfo.Freshness::isFresh) ? ExitCode.OK : ExitCode.FAILED;
    }

    private static void print(PrintStream out, StoreInfo info) {
      Instant now = Instant.now();
      out.printf("Store      %s%n", info.directory());
      out.printf("Size       database %s, content files %s; keeping the newest %d records per host and key%n",
          mb(info.databaseBytes()), mb(info.contentBytes()), info.keep());
      out.println();
      out.printf("%-14s %9s  %-22s  %-22s%n", "TABLE", "RECORDS", "OLDEST", "NEWEST");
      for (StoreInfo.Table t : info.tables()) {
        out.printf("%-14s %9d  %-22s  %-22s%n", t.name(), t.rows(), when(t.oldest(), now), when(t.newest(), now));
      }
      out.println();
      out.printf("%-12s %-8s %7s %8s %8s  %-20s %s%n", "SOURCE", "STATUS", "FRESH", "OF", "EVER-OK", "NEWEST OK", "LAST GATHERED");
      for (StoreInfo.Freshness f : info.freshness()) {
        GatherRun run = info.lastGatherRuns().get(f.source());
        out.printf("%-12s %-8s %6.1f%% %8d %8d  %-20s %s%n", f.source(), f.status(), f.freshPct(), f.total(), f.withOk(),
            when(f.mostRecentOk(), now), run == null ? "-" : when(run.finished(), now) + " " + counts(run.counts()));
      }
      out.printf("(fresh: newest ok read within %s; a source is fresh with at least %d%% fresh)%n",
          Durations.humanize(Duration.ofSeconds(info.freshness().get(0).thresholdSeconds())), info.freshness().get(0).minFreshPct());
      if (info.githubRateLimit() != null) {
        out.println((info.githubRateLimit().low() ? "warning: GitHub rate limit low: " : "GitHub     ") + info.githubRateLimit().describe());
      }
    }

    private static String counts(Map<String, Integer> counts) {
      return counts.toString().replaceAll("[{}]", "").replace("=", ": ");
    }

    private static String when(Instant at, Instant now) {
      return at == null ? "-" : Durations.humanize(Duration.between(at, now)) + " ago";
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = {"Apply the retention to every host and key now (each write applies it to its own), then",
          "compact the database file. Keeps the newest FLEETROLL_STORE_KEEP records (default 10) per host and key,",
          "and each host's newest successful audit. The audit log, notes and our changes are never pruned."})
  public static final class Prune implements Callable<Integer> {
    @Override
    public Integer call() {
      FleetrollHome home = FleetrollHome.fromEnvironment();
      try (Store store = Store.open(home)) {
        long before = size(store);
        Map<String, Integer> removed = store.prune();
        long after = size(store);
        System.out.printf("Pruned to the newest %d per host and key: %s; database %s -> %s%n", store.keep(),
            removed.toString().replaceAll("[{}]", "").replace("=", ": ") , mb(before), mb(after));
      }
      return ExitCode.OK;
    }

    private static long size(Store store) {
      try {
        long wal = Files.exists(java.nio.file.Path.of(store.databaseFile() + "-wal"))
            ? Files.size(java.nio.file.Path.of(store.databaseFile() + "-wal")) : 0;
        return Files.size(store.databaseFile()) + wal;
      } catch (java.io.IOException e) {
        return 0;
      }
    }
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1_000_000.0);
  }
}
