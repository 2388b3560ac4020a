package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.Repository;
import dev.fleetroll.temporal.client.TemporalProfile;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A deploy/cluster for a test, run by its own scripts: PostgreSQL, the Temporal server, the UI server and
 * worker processes (the package's bin/fleetroll-worker, each with its own data directory), on free ports in a
 * directory under /tmp (the postgres user must reach it). {@link #close()} stops it with {@code down} and
 * deletes it; its logs are kept under {@code target/e2e/} first. The package is the tarball this module built
 * ({@code fleetroll.tarball}, set by failsafe).
 */
final class LocalCluster implements AutoCloseable {

  private final Path dir;
  private final Path scripts = Repository.locate(System.getenv()).root().resolve("deploy/cluster");
  private String upOutput;
  private WorkflowServiceStubs stubs;

  private LocalCluster(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code deploy/cluster/up --workers N [--tls]} with free ports.
   *
   * @param workerEnvironment what every worker gets besides the cluster's address (Taskcluster, SSH config)
   */
  static LocalCluster up(String name, int workers, boolean tls, Map<String, String> workerEnvironment)
      throws IOException {
    // Readable by all, so that PostgreSQL, which runs as the postgres user, reaches its data directory inside.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "fleetroll-cluster-" + name + "-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path workerEnv = dir.resolve("worker-extra.env");
    Files.write(workerEnv, workerEnvironment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    int port = freeBlock(11);
    List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--workers", Integer.toString(workers),
        "--port", Integer.toString(port), "--ui-port", Integer.toString(port + 9), "--pg-port",
        Integer.toString(port + 10), "--worker-env", workerEnv.toString()));
    if (tls) {
      args.add("--tls");
    }
    String tarball = System.getProperty("fleetroll.tarball");
    if (tarball != null) {
      args.addAll(List.of("--package", tarball));
    }
    LocalCluster cluster = new LocalCluster(dir);
    CliRun up = cluster.script("up", args.toArray(String[]::new));
    if (up.exitCode() != 0) {
      cluster.close();
    }
    assertThat(up.exitCode()).as("deploy/cluster/up: " + up).isZero();
    cluster.upOutput = up.out() + up.err();
    return cluster;
  }

  /** What {@code up} printed: the addresses, the environment, the namespace setup. */
  String upOutput() {
    return upOutput;
  }

  Path dir() {
    return dir;
  }

  /** The environment {@code up} wrote for the CLI (TEMPORAL_ADDRESS, TEMPORAL_TLS_*, FLEETROLL_TEMPORAL_UI). */
  Map<String, String> cliEnvironment() {
    try (Stream<String> lines = Files.lines(dir.resolve("cli.env"))) {
      return lines.filter(l -> !l.startsWith("#") && l.contains("="))
          .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
              (a, b) -> b, LinkedHashMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fleetroll CLI of a data directory of its own (as on an operator's laptop), pointed at this cluster. */
  CliRun cli(FleetrollHome home, Map<String, String> environment, String... args) {
    Map<String, String> env = new LinkedHashMap<>(cliEnvironment());
    env.putAll(environment);
    return CliRun.run(home, env, args);
  }

  /** The CLI of data directory {@code home} as a rollout target, with a client of this cluster to query rollouts. */
  RolloutTarget operator(FleetrollHome home) {
    return new RolloutTarget() {
      @Override
      public CliRun cli(Map<String, String> environment, String... args) {
        return LocalCluster.this.cli(home, environment, args);
      }

      @Override
      public WorkflowClient client() {
        return LocalCluster.this.client();
      }
    };
  }

  /** A client connected as the CLI is (the standard Temporal variables of cli.env, TLS included). */
  synchronized WorkflowClient client() {
    Map<String, String> env = new LinkedHashMap<>(cliEnvironment());
    env.put("TEMPORAL_CONFIG_FILE", dir.resolve("no-temporal.toml").toString()); // never the machine's profile
    if (stubs == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(TemporalProfile.load(env).stubs(env.get("TEMPORAL_ADDRESS")).build());
    }
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(env.get("TEMPORAL_NAMESPACE")).build());
  }

  /** {@code deploy/cluster/restart COMPONENT}: stopped by its pid and started again; fails unless it exits 0. */
  void restart(String component) {
    CliRun restart = script("restart", component);
    assertThat(restart.exitCode()).as("deploy/cluster/restart " + component + ": " + restart).isZero();
  }

  /** The data directory of worker {@code n} (1-based). */
  Path workerHome(int n) {
    return dir.resolve("workers").resolve(Integer.toString(n));
  }

  /** The process of a component (postgresql, server, ui, worker-1, ...), as {@code up} recorded it. */
  ProcessHandle process(String component) {
    try {
      String pid = Files.readString(dir.resolve("run").resolve(component + ".pid")).strip().split(" ")[0];
      return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new AssertionError(component + " is not running"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one of the scripts (up, status, down) on this cluster's directory. */
  CliRun script(String name, String... args) {
    List<String> command = new ArrayList<>(List.of(scripts.resolve(name).toString()));
    command.addAll(List.of(args));
    if (!command.contains("--dir")) {
      command.addAll(1, List.of("--dir", dir.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null")));
    builder.environment().keySet().removeIf(n -> n.startsWith("TEMPORAL_") || n.startsWith("FLEETROLL_"));
    // The CLI of this test's classpath registers the search attributes: the launcher would build the checkout.
    builder.environment().put("FLEETROLL_CLI", String.join(" ", CliRun.command()));
    try {
      Path out = Files.createTempFile(name, ".out");
      Path err = Files.createTempFile(name, ".err");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("deploy/cluster/" + name + " did not finish within 10 minutes");
        }
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code down} (every process it started) and the directory gone; the logs stay under target/e2e/. */
  @Override
  public void close() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    script("down", "--dir", dir.toString());
    try {
      Path logs = Path.of("target", "e2e", dir.getFileName().toString(), "logs").toAbsolutePath();
      Files.createDirectories(logs);
      try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
        for (Path log : files.toList()) {
          Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      // only the logs are lost
    }
    script("down", "--dir", dir.toString(), "--purge");
  }

  /** A port P with P..P+count-1 all free on 127.0.0.1, below 32768 (Temporal's membership ports are smallints). */
  private static int freeBlock(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 32_768 - count);
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + count + " free ports");
  }
}
