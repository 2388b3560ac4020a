package dev.fleetroll.cli.host;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.EnvFile;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.Style;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.inventory.gather.FleetWorkers;
import dev.fleetroll.json.Json;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Read each host's Taskcluster worker: quarantine state and reason, last activity, recent task outcomes.",
        "The pool comes from the host's role (audit it first) or its override's WORKER_TYPE_OVERRIDE.",
        "Credentials: TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN (reads work anonymously)."})
public final class TcFetchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "1..*", description = "Host names or host-list files.")
  List<String> targets;

  @Option(names = "--json", description = "Print one JSON object per host.")
  boolean json;

  @Option(names = "--tc-env", paramLabel = "FILE", description = "Read TASKCLUSTER_* settings from this KEY=VALUE file (the environment wins).")
  Path tcEnv;

  @Option(names = "--pools", paramLabel = "FILE",
      description = "Role to worker-pool mapping (YAML; default: $FLEETROLL_HOME/worker-pools.yaml if present, else the built-in table).")
  Path pools;

  @Option(names = "--recent-tasks", defaultValue = "5", description = "Recent task runs to read per worker (default: ${DEFAULT-VALUE}).")
  int recentTasks;

  @Option(names = "--concurrency", defaultValue = "8", description = "Workers read at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    List<String> hosts = HostArguments.parse(targets);
    if (concurrency < 1 || recentTasks < 0) {
      throw new InputException("--concurrency must be at least 1 and --recent-tasks at least 0");
    }
    TaskclusterCredentials credentials = TaskclusterCredentials.fromEnvironment(environment(tcEnv));
    FleetrollHome home = FleetrollHome.fromEnvironment();
    WorkerPools mapping = WorkerPools.of(home, pools);
    WorkerReader reader = new WorkerReader(new TaskclusterClient(credentials), mapping, recentTasks);
    PrintStream out = System.out;
    Style style = Style.forStdout();
    try (Store store = Store.open(home)) {
      Progress progress = new Progress("Reading " + hosts.size() + " workers", hosts.size(), json);
      List<WorkerSnapshot> results = new FleetWorkers(reader, store, concurrency).read(hosts, s -> progress.step(s.ok()));
      progress.finish();
      Instant now = Instant.now();
      Map<String, Integer> counts = new TreeMap<>();
      for (WorkerSnapshot s : results) {
        counts.merge(s.outcome(), 1, Integer::sum);
        if (json) {
          out.println(Json.write(s));
          continue;
        }
        if (!s.ok()) {
          out.println(style.bad("✗") + " " + s.host() + "  " + s.outcome().replace('_', ' ') + ": " + s.error());
          continue;
        }
        TaskRun run = s.latestRun();
        out.println(style.good("✓") + " " + s.host() + "  " + s.poolId() + "/" + s.workerGroup() + "/" + s.workerId()
            + "  " + (s.quarantined() ? style.bad("QUARANTINED") + (s.quarantineReason() != null ? " (" + s.quarantineReason() + ")" : "") : "not quarantined")
            + "  active " + (s.lastDateActive() == null ? "never" : Durations.humanize(Duration.between(s.lastDateActive(), now)) + " ago")
            + "  " + (run == null ? "no recent tasks" : "last task " + run.taskId() + " " + run.state()
                + (run.reasonResolved() != null && !run.reasonResolved().equals(run.state()) ? " (" + run.reasonResolved() + ")" : "")));
      }
      if (!json) {
        StringBuilder summary = new StringBuilder("Read " + results.size() + " worker" + (results.size() == 1 ? "" : "s") + ":");
        String sep = " ";
        for (var e : counts.entrySet()) {
          summary.append(sep).append(e.getValue()).append(' ').append(e.getKey().replace('_', ' '));
          sep = ", ";
        }
        out.println(summary);
      }
      return results.stream().allMatch(WorkerSnapshot::ok) ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  /** The process environment's TASKCLUSTER_* over the optional KEY=VALUE file. */
  static Map<String, String> environment(Path file) {
    return EnvFile.read(file, "TASKCLUSTER_");
  }
}
