package dev.fleetroll.cli.inventory;

import dev.fleetroll.cli.EnvFile;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.github.GitHubClient;
import dev.fleetroll.github.RateLimit;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.inventory.GatherSource;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.inventory.activities.InventoryActivitiesImpl;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.HostKeyAudit;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "gather", mixinStandardHelpOptions = true,
    description = {"Gather now, here (the MVP's gather): audit the hosts over SSH, read their Taskcluster workers, then",
        "the heads of their Puppet branches on GitHub (GITHUB_API_URL, GITHUB_TOKEN optional), into the local store.",
        "The same reads as the scheduled gathering, without Temporal."})
public final class GatherCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "1..*", description = "Host names or host-list files.")
  List<String> targets;

  @Mixin SshOptionsMixin ssh;

  @Option(names = "--skip-hosts", description = "Do not audit the hosts.")
  boolean skipHosts;

  @Option(names = "--skip-tc", description = "Do not read Taskcluster.")
  boolean skipTc;

  @Option(names = "--skip-gh", description = "Do not read GitHub.")
  boolean skipGh;

  @Option(names = "--tc-env", paramLabel = "FILE", description = "Read TASKCLUSTER_* settings from this KEY=VALUE file (the environment wins).")
  Path tcEnv;

  @Option(names = "--gh-env", paramLabel = "FILE", description = "Read GITHUB_API_URL and GITHUB_TOKEN from this KEY=VALUE file (the environment wins).")
  Path ghEnv;

  @Override
  public Integer call() {
    List<String> hosts = HostArguments.parse(targets);
    FleetrollHome home = FleetrollHome.fromEnvironment();
    Map<String, String> tc = EnvFile.read(tcEnv, "TASKCLUSTER_");
    GitHubClient github = new GitHubClient(GitHubClient.Settings.fromEnvironment(EnvFile.read(ghEnv, "GITHUB_")));
    Supplier<WorkerReader> workers = () -> {
      return new WorkerReader(new TaskclusterClient(TaskclusterCredentials.fromEnvironment(tc)), WorkerPools.of(home), 5);
    };
    boolean allOk = true;
    try (Store store = Store.open(home); SshSessions sessions = ssh.open(Duration.ofSeconds(60),
        new HostKeyAudit(store.auditLog(), Actor.current(), "inventory gather"))) {
      InventoryActivitiesImpl gather = new InventoryActivitiesImpl(new HostClient(sessions), store,
          FleetAudit.Settings.defaults(), workers, 8, github);
      if (!skipHosts) {
        allOk &= report(gather, GatherSource.HOSTS, () -> gather.auditHostBatch(hosts), "ok");
      }
      if (!skipTc) {
        allOk &= report(gather, GatherSource.TASKCLUSTER, () -> gather.readWorkerBatch(hosts), "ok");
      }
      if (!skipGh) {
        allOk &= report(gather, GatherSource.GITHUB, () -> gather.readBranchHeads(hosts), "ok", "ok (not modified)");
        RateLimit limit = github.rateLimit();
        if (limit != null && limit.low()) {
          System.out.println("warning: GitHub rate limit low: " + limit.describe()
              + (github.settings().token() == null ? " (set GITHUB_TOKEN for 5,000 an hour)" : ""));
        }
      }
    }
    return allOk ? ExitCode.OK : ExitCode.FAILED;
  }

  private static boolean report(InventoryActivitiesImpl gather, GatherSource source, Supplier<Map<String, Integer>> read,
      String... good) {
    Instant started = Instant.now();
    Map<String, Integer> counts = read.get();
    gather.recordGatherRun(source, started.toEpochMilli(), counts);
    System.out.printf("%-12s %s (%.1f s)%n", source.label(), counts.isEmpty() ? "nothing to read" : counts.toString()
        .replaceAll("[{}]", "").replace("=", ": "), Duration.between(started, Instant.now()).toMillis() / 1000.0);
    return counts.keySet().stream().allMatch(k -> List.of(good).contains(k));
  }
}
