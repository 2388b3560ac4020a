package dev.fleetroll.cli.rollout;

import dev.fleetroll.store.Actor;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Fleetroll;
import dev.fleetroll.cli.Style;
import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.sim.Prerequisites;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.BackgroundProcess;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.Repository;
import dev.fleetroll.server.TaskQueuePollers;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.server.WorkerLaunch;
import dev.fleetroll.sim.daemon.SimControl;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.HostKeyAudit;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The whole product in one command: starts the Temporal server and a worker if needed, a simulated",
        "fleet of Linux and macOS hosts ($FLEETROLL_HOME/sim), and a canary-then-batches rollout of a new Puppet branch",
        "that advances by itself (for the demo only), showing its progress and the Web UI link.",
        "Afterwards: 'fleetroll rollout list', the Web UI, 'fleetroll sim down', 'fleetroll server stop'."})
public final class DemoCommand implements Callable<Integer> {

  static final String REPO = "https://github.com/relops-demo/ronin_puppet.git";
  static final String BRANCH = "demo-audio-fix";

  @Option(names = "--linux", defaultValue = "16", description = "Linux hosts (default: ${DEFAULT-VALUE}).")
  int linux;

  @Option(names = "--mac", defaultValue = "4", description = "Mac hosts (default: ${DEFAULT-VALUE}).")
  int mac;

  @Option(names = "--max-in-flight", defaultValue = "6", description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Override
  public Integer call() throws Exception {
    FleetrollHome home = FleetrollHome.fromEnvironment();
    Path simDir = home.sim();
    Style style = Style.forStdout();
    Prerequisites.ensure("fleetroll demo", System.err::println); // before the server, which may build for minutes

    step(style, 1, "Temporal server");
    int server = Fleetroll.commandLine().execute("server", "start", "--no-worker");
    if (server != ExitCode.OK) {
      return server;
    }
    TemporalEndpoint endpoint = TemporalEndpoint.resolve(System.getenv(), home);

    step(style, 2, "Simulated fleet in " + simDir);
    SimControl sim = new SimControl(simDir);
    if (sim.running().isPresent()) {
      System.out.println("already running (stop it with 'fleetroll sim down' for a fresh one)");
    } else {
      sim.up(linux, mac, 1, Duration.ofMinutes(10), System.err);
      System.out.println(linux + " Linux and " + mac + " Mac hosts up");
    }
    Map<String, String> fleetEnv = fleetEnvironment(simDir);

    step(style, 3, "Worker with the fleet's SSH config and Taskcluster credentials");
    ensureWorker(home, endpoint, fleetEnv, simDir);

    awaitFirstTasks(sim, fleetEnv, Duration.ofSeconds(90));

    step(style, 4, "A new Puppet branch and a plan: a canary of one host of each kind, then half the rest, then the rest");
    sim.branch(Map.of("repo", REPO, "branch", BRANCH, "push", true));
    Path plan = writePlan(home, simDir);
    System.out.println("plan: " + plan);

    step(style, 5, "The rollout");
    try (Store store = Store.open(home);
        TemporalConnection connection = TemporalConnection.open(endpoint, "fleetroll-demo " + Actor.current());
        SshSessions ssh = new SshSessions(SshConfig.load(simDir.resolve("ssh_config")), SshOptions.defaults(),
            new HostKeyAudit(store.auditLog(), Actor.current(), "demo"))) {
      RolloutClient rollouts = new RolloutClient(connection);
      TaskclusterCredentials credentials = TaskclusterCredentials.fromEnvironment(fleetEnv);
      PlanCheck check = PlanCheck.run(plan, ssh, credentials, store, rollouts, true);
      String id = RolloutStartCommand.launch(check, connection, store, Actor.current(), false, true, style);
      int result = new Watch(rollouts, style, System.out).follow(id);
      System.out.println();
      System.out.println("Rollout " + id + " ended. Look at it in the Web UI: "
          + endpoint.workflowUrl(id).orElse(endpoint.webUi().orElse("")));
      System.out.println("Each host's pipeline is its own workflow: " + id + "/<host>. 'fleetroll rollout status " + id
          + "' shows the evidence.");
      System.out.println("Clean up: fleetroll sim down; fleetroll server stop");
      return result;
    }
  }

  /**
   * The plan estimates each host's time from the tasks its worker finished lately; a fleet that has just
   * booted has none, and the estimate would assume 30-minute tasks. Waits (at most {@code limit}) until
   * half of the fleet's workers have finished a task.
   */
  private static void awaitFirstTasks(SimControl sim, Map<String, String> fleetEnv, Duration limit) {
    try {
      WorkerReader reader = new WorkerReader(new TaskclusterClient(TaskclusterCredentials.fromEnvironment(fleetEnv)),
          WorkerPools.defaults(), 5);
      Map<String, String> roles = new java.util.LinkedHashMap<>();
      sim.status().path("hosts").forEach(h -> roles.put(h.path("name").asText(), h.path("role").asText()));
      long deadline = System.nanoTime() + limit.toNanos();
      boolean said = false;
      while (true) {
        long finished = roles.entrySet().stream().filter(e -> {
          try {
            WorkerSnapshot w = reader.read(e.getKey(), e.getValue(), null);
            return w.ok() && w.recentRuns().stream().anyMatch(r -> r.resolved() != null);
          } catch (RuntimeException ex) {
            return false;
          }
        }).count();
        if (finished * 2 >= roles.size() || System.nanoTime() > deadline) {
          if (said) {
            System.out.println(finished + " of " + roles.size() + " workers have finished a task");
          }
          return;
        }
        if (!said) {
          System.out.println("waiting for the workers' first tasks (the plan estimates durations from them)...");
          said = true;
        }
        Thread.sleep(3000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Only the estimate suffers: the plan says when it has no finished task to go by.
    }
  }

  private static void step(Style style, int n, String what) {
    System.out.println();
    System.out.println(style.bold("[" + n + "/5] " + what));
    System.out.flush();
  }

  /** The fleet's Taskcluster credentials, GitHub API and SSH config, as the worker and the CLI read them. */
  static Map<String, String> fleetEnvironment(Path simDir) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String file : new String[] {"taskcluster.env", "github.env"}) {
      if (!Files.exists(simDir.resolve(file))) {
        continue; // a fleet started before the simulated GitHub had an API
      }
      for (String line : Files.readAllLines(simDir.resolve(file))) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    env.put("FLEETROLL_SSH_CONFIG", simDir.resolve("ssh_config").toString());
    return env;
  }

  /**
   * The local worker must reach the simulated fleet: one started by an earlier demo for this fleet is
   * reused; any other local worker is restarted with the fleet's settings (a marker file says which).
   */
  private static void ensureWorker(FleetrollHome home, TemporalEndpoint endpoint, Map<String, String> fleetEnv, Path simDir)
      throws IOException {
    LocalServer local = new LocalServer(home);
    Path marker = home.run().resolve("worker-fleet");
    Optional<ProcessHandle> running = local.worker();
    String wanted = simDir + " " + fleetEnv.get("TASKCLUSTER_ROOT_URL");
    if (running.isPresent() && Files.exists(marker) && Files.readString(marker).strip().equals(wanted)
        && running.get().pid() == Long.parseLong(Files.readString(home.run().resolve("worker-fleet.pid")).strip())) {
      System.out.println("already running (pid " + running.get().pid() + ")");
      return;
    }
    if (running.isPresent()) {
      System.out.println("restarting the local worker (pid " + running.get().pid() + ") with the fleet's settings");
      local.stopWorker();
    }
    Map<String, String> env = new HashMap<>(WorkerLaunch.environment(endpoint, home));
    env.putAll(fleetEnv);
    WorkerLaunch launch = WorkerLaunch.builtWorker(Repository.locate(System.getenv()), System.getenv());
    Process process = BackgroundProcess.start(launch.command(), env, local.workerLog(), local.workerPidFile());
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        endpoint.stubsOptions().build());
    try {
      TaskQueuePollers.awaitWorker(stubs, endpoint.namespace(), endpoint.taskQueue(), process.toHandle(),
          local.workerLog(), LocalServer.WORKER_START_TIMEOUT);
    } finally {
      stubs.shutdownNow();
    }
    Files.writeString(marker, wanted);
    Files.writeString(home.run().resolve("worker-fleet.pid"), Long.toString(process.pid()));
    System.out.println("started (pid " + process.pid() + ", log " + local.workerLog() + ")");
  }

  private Path writePlan(FleetrollHome home, Path simDir) throws IOException {
    Path dir = home.root().resolve("demo");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("demo.override"), String.join("\n", List.of(
        "# The demo's change: a new branch of ronin_puppet, rolled out by `fleetroll demo`.",
        "PUPPET_REPO='" + REPO + "'", "PUPPET_BRANCH='" + BRANCH + "'", "PUPPET_MAIL='relops@example.com'", "")));
    return Files.writeString(dir.resolve("demo-plan.yaml"), """
        # Written by `fleetroll demo`; the format is specs/rollout-plan.md.
        name: demo
        override: demo.override
        targets: [%s]
        stages: {canary: 3, batches: ["50%%", "100%%"]}   # 3: one of each kind (two Linux roles, macOS)
        max_in_flight: %d
        # The demo's pools are small (8, 8 and 4 workers): at most half of each out of service at once
        # (the default floor, 80%%, would roll them one host at a time).
        capacity: {min_available_pct: 50}
        converge: {linux: reboot, macos: reboot}
        drain: {deadline: 10m, on_deadline: move-to-end}
        health: {tasks: 1, deadline: 10m}
        timeouts: {command: 1m, puppet: 10m, poll: 3s}
        advance: auto   # the demo only: a real rollout waits for `fleetroll rollout advance`
        # auto: advance as soon as a stage's gates pass; the demo's fleet runs few tasks in a few minutes
        gates: {soak: 0s, window: 1h, min_jobs_total: 1}
        """.formatted(simDir.resolve("hosts.list"), maxInFlight));
  }
}
