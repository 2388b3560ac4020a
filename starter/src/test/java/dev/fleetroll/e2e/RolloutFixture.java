package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.Sha;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.SimHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rollout end-to-end tests share: the CLI's environment for a simulated fleet, plan files
 * (an override on a branch of the simulated GitHub, a host list, the plan), starting a rollout through
 * the real CLI, and waiting on its progress or result.
 */
final class RolloutFixture {

  static final String REPO = "https://github.com/relops-e2e/ronin_puppet.git";
  /** Gates a few simulated hosts satisfy within a stage; the default soak (30 minutes) would only slow auto plans. */
  static final String GATES = "gates: {min_jobs_total: 1, soak: 0s, window: 1h}";
  /**
   * The simulated pools are small (8-12 workers) and tests leave workers quarantined on purpose (a failed or
   * parked host): the default floor (80%) would hold the next test's hosts. Plans that are about something
   * else turn it off; the floor's own test sets it.
   */
  private static final String NO_FLOOR = "capacity: {min_available_pct: 0}";
  private static final Pattern STARTED = Pattern.compile("Started rollout (rollout-\\S+)");

  private final RolloutTarget temporal;
  private final Fleet fleet;
  private final Path dir;

  RolloutFixture(RolloutTarget temporal, Fleet fleet, Path dir) {
    this.temporal = temporal;
    this.fleet = fleet;
    this.dir = dir;
  }

  /**
   * A fleet with the sim's timings shortened: Puppet 1 s, reboots 1 s, tasks of 8-15 s (a Mac reboots
   * after each), workers seen active within 5 s.
   */
  static FleetSpec fastFleet(int linux, int mac) {
    return FleetSpec.of(linux, mac)
        .withPuppet(Duration.ofSeconds(1), Duration.ofSeconds(5))
        .withRebootDowntime(Duration.ofSeconds(1))
        .withTasks(Duration.ofSeconds(8), Duration.ofSeconds(15), 6.0)
        .withClaimTimeout(Duration.ofMinutes(2))
        .withLastActiveThrottle(Duration.ofSeconds(5));
  }

  /** A worker of the dev server (a cluster's workers are started by deploy/cluster). */
  WorkerProcess startWorker() throws IOException {
    if (!(temporal instanceof LocalTemporal local)) {
      throw new IllegalStateException("deploy/cluster starts its own workers");
    }
    return local.startWorker(env());
  }

  Map<String, String> env() throws IOException {
    return environment(fleet);
  }

  /** What the CLI and the workers need for {@code fleet}: its Taskcluster stand-in and its SSH config. */
  static Map<String, String> environment(Fleet fleet) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(fleet.files().taskclusterEnv())) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    env.put("FLEETROLL_SSH_CONFIG", fleet.files().sshConfig().toString());
    env.put("FLEETROLL_ACTOR", "e2e");
    return env;
  }

  CliRun cli(String... args) throws IOException {
    return temporal.cli(env(), args);
  }

  /** The CLI as cron, CI, systemd or a root shell in a container run it: no FLEETROLL_ACTOR, SUDO_USER or USER. */
  CliRun cliWithoutUser(String... args) throws IOException {
    Map<String, String> env = env();
    for (String name : List.of("FLEETROLL_ACTOR", "SUDO_USER", "USER")) {
      env.put(name, null);
    }
    return temporal.cli(env, args);
  }

  /** Runs {@code command} on {@code host} with plain OpenSSH, as someone outside Fleetroll would. */
  static void ssh(Fleet fleet, SimHost host, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ssh", "-F", fleet.files().sshConfig().toString(), host.name(), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /**
   * A plan for {@code hosts} on {@code branch} (pushed to the simulated GitHub): canary 2, then 50%, then
   * the rest; reboots; short waits; {@code extra} is appended as more YAML (e.g. a gates block).
   */
  Path plan(String name, String branch, List<SimHost> hosts, int maxInFlight, String advance, String extra)
      throws IOException {
    return plan(name, branch, hosts, "{canary: 2, batches: [\"50%\", \"100%\"]}", maxInFlight, "reboot", advance, extra);
  }

  /** The same with the stages and the Linux converge strategy ({@code wait}: the host is left waiting for Puppet). */
  Path plan(String name, String branch, List<SimHost> hosts, String stages, int maxInFlight, String converge,
      String advance, String extra) throws IOException {
    fleet.github().push(REPO, branch);
    Path override = Files.writeString(dir.resolve(name + ".override"), "PUPPET_REPO='" + REPO + "'\nPUPPET_BRANCH='"
        + branch + "'\nPUPPET_MAIL='relops@example.com'\n");
    Files.write(dir.resolve(name + ".list"), hosts.stream().map(SimHost::name).toList());
    return Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        override: %s
        targets: [%s.list]
        stages: %s
        max_in_flight: %d
        converge: {linux: %s, macos: reboot}
        drain: {deadline: 5m, on_deadline: fail}
        health: {tasks: 1, deadline: 5m}
        timeouts: {command: 1m, puppet: 5m, poll: 2s}
        advance: %s
        %s
        %s
        """.formatted(name, override.getFileName(), name, stages, maxInFlight, converge, advance, extra,
        extra.contains("capacity:") ? "" : NO_FLOOR));
  }

  String start(Path plan) throws IOException {
    CliRun run = cli("rollout", "start", plan.toString(), "--yes");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return idOf(run);
  }

  /** The rollout id `rollout start` printed. */
  static String idOf(CliRun start) {
    Matcher m = STARTED.matcher(start.out());
    assertThat(m.find()).as(start.toString()).isTrue();
    return m.group(1);
  }

  RolloutWorkflow rollout(String id) {
    return temporal.client().newWorkflowStub(RolloutWorkflow.class, id);
  }

  static String sha(Path plan) throws IOException {
    String name = plan.getFileName().toString().replace(".yaml", ".override");
    return Sha.sha256(Files.readString(plan.resolveSibling(name)).getBytes(StandardCharsets.UTF_8));
  }

  /** Polls the progress query until {@code condition} holds (10 minutes at most); fails if the rollout ends first. */
  static RolloutProgress await(RolloutWorkflow rollout, Predicate<RolloutProgress> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    RolloutProgress p = null;
    while (System.nanoTime() < deadline) {
      p = rollout.progress();
      if (condition.test(p)) {
        return p;
      }
      assertThat(p.status().finished()).as("finished early: " + p).isFalse();
      Thread.sleep(500);
    }
    throw new AssertionError("not there within 10 minutes: " + p);
  }

  RolloutResult result(String id) throws Exception {
    return temporal.client().newUntypedWorkflowStub(id).getResult(15, TimeUnit.MINUTES, RolloutResult.class);
  }

  static HostRecord record(RolloutResult result, String host) {
    return result.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
  }
}
