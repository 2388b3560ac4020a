package dev.fleetroll.sim.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.sim.Fleet;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of the sim daemon, used by {@code fleetroll sim up|status|down|fault}: starts the
 * daemon in the background, finds it through {@code D/daemon.json}, and talks to its control API.
 */
public final class SimControl {
  /** A request the daemon refused as bad input (unknown host, bad fault setting): exit code 2. */
  public static final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public SimControl(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** The running daemon's state file, if a live daemon wrote it. */
  public Optional<JsonNode> running() throws IOException {
    Path state = dir.resolve(DaemonFiles.STATE);
    if (!Files.exists(state)) {
      return Optional.empty();
    }
    JsonNode node = SimDaemon.JSON.readTree(state.toFile());
    long pid = node.path("pid").asLong();
    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    return alive && "ready".equals(node.path("state").asText()) ? Optional.of(node) : Optional.empty();
  }

  /**
   * Starts a fleet daemon and waits until every host answers SSH (or the daemon fails). Kills what a
   * dead earlier fleet in this directory left first.
   */
  public JsonNode up(int linux, int mac, long seed, Duration timeout, PrintStream err) throws IOException, InterruptedException {
    return up(linux, mac, seed, Timing.DEFAULTS, false, timeout, err);
  }

  /**
   * How fast the fleet's hosts behave; a null field keeps {@link dev.fleetroll.sim.FleetSpec#of}'s default
   * (Puppet 2 s, reboot downtime 3 s, tasks 20-60 s, 2 new tasks a minute per worker).
   */
  public record Timing(Duration puppet, Duration rebootDowntime, Duration taskMin, Duration taskMax,
      Double tasksPerMinutePerWorker) {
    public static final Timing DEFAULTS = new Timing(null, null, null, null, null);

    List<String> arguments() {
      List<String> args = new ArrayList<>();
      if (puppet != null) {
        args.addAll(List.of("--puppet-ms", Long.toString(puppet.toMillis())));
      }
      if (rebootDowntime != null) {
        args.addAll(List.of("--reboot-ms", Long.toString(rebootDowntime.toMillis())));
      }
      if (taskMin != null) {
        args.addAll(List.of("--task-min-ms", Long.toString(taskMin.toMillis())));
      }
      if (taskMax != null) {
        args.addAll(List.of("--task-max-ms", Long.toString(taskMax.toMillis())));
      }
      if (tasksPerMinutePerWorker != null) {
        args.addAll(List.of("--tasks-per-minute", Double.toString(tasksPerMinutePerWorker)));
      }
      return args;
    }
  }

  /** @param bastion start a bastion too, and reach every host through it ({@link dev.fleetroll.sim.FleetSpec#bastion()}) */
  public JsonNode up(int linux, int mac, long seed, Timing timing, boolean bastion, Duration timeout, PrintStream err)
      throws IOException, InterruptedException {
    Optional<JsonNode> existing = running();
    if (existing.isPresent()) {
      throw new IllegalStateException("a simulated fleet is already running in " + dir + " (pid "
          + existing.get().path("pid").asLong() + "); stop it with 'fleetroll sim down'");
    }
    Files.createDirectories(dir);
    int left = Fleet.cleanLeftovers(dir);
    if (left > 0) {
      err.println("fleetroll: killed " + left + " processes a dead fleet left in " + dir);
    }
    Files.deleteIfExists(dir.resolve(DaemonFiles.STATE));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of("setsid", java, "-XX:+UseSerialGC", "-Xmx512m", "-Xss512k",
        "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), SimDaemon.class.getName(),
        "--dir", dir.toString(), "--linux", Integer.toString(linux), "--mac", Integer.toString(mac),
        "--seed", Long.toString(seed), "--bastion", Boolean.toString(bastion)));
    command.addAll(timing.arguments());
    Path log = dir.resolve(DaemonFiles.LOG);
    Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    Path state = dir.resolve(DaemonFiles.STATE);
    while (System.nanoTime() < deadline) {
      if (Files.exists(state)) {
        JsonNode node = SimDaemon.JSON.readTree(state.toFile());
        if ("ready".equals(node.path("state").asText())) {
          return node;
        }
        if ("failed".equals(node.path("state").asText())) {
          throw new IOException("the simulated fleet did not start: " + node.path("error").asText() + " (see " + log + ")");
        }
      }
      if (!daemon.isAlive()) {
        throw new IOException("the simulated fleet daemon exited (" + daemon.exitValue() + "); see " + log);
      }
      Thread.sleep(200);
    }
    daemon.destroyForcibly();
    throw new IOException("the simulated fleet was not up after " + timeout.toSeconds() + " s; see " + log);
  }

  /** Stops the daemon (and with it every host) and kills anything left; false if none was running. */
  public boolean down(Duration timeout) throws IOException, InterruptedException {
    Optional<JsonNode> state = running();
    boolean wasRunning = state.isPresent();
    if (state.isPresent()) {
      long pid = state.get().path("pid").asLong();
      try {
        call("POST", "/shutdown", Map.of());
      } catch (IOException e) {
        // not answering: it is killed below
      }
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (handle.isPresent() && handle.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      handle.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
    }
    Fleet.cleanLeftovers(dir);
    Files.deleteIfExists(dir.resolve(DaemonFiles.STATE));
    return wasRunning;
  }

  public JsonNode status() throws IOException, InterruptedException {
    return call("GET", "/status", null);
  }

  public JsonNode fault(String host, List<String> settings) throws IOException, InterruptedException {
    return call("POST", "/fault", Map.of("host", host, "settings", settings));
  }

  public JsonNode taskcluster(Map<String, Object> settings) throws IOException, InterruptedException {
    return call("POST", "/taskcluster", settings);
  }

  public JsonNode branch(Map<String, Object> settings) throws IOException, InterruptedException {
    return call("POST", "/branch", settings);
  }

  public JsonNode reboot(String host) throws IOException, InterruptedException {
    return call("POST", "/reboot", Map.of("host", host));
  }

  private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
    JsonNode state = running().orElseThrow(() -> new IllegalStateException(
        "no simulated fleet is running in " + dir + "; start one with 'fleetroll sim up'"));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(state.path("controlUrl").asText() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + state.path("token").asText());
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(SimDaemon.JSON.writeValueAsBytes(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = r.body().isEmpty() ? SimDaemon.JSON.createObjectNode() : SimDaemon.JSON.readTree(r.body());
    if (r.statusCode() == 400) {
      throw new BadRequest(node.path("error").asText());
    }
    if (r.statusCode() != 200) {
      throw new IOException("the sim daemon answered " + r.statusCode() + ": " + node.path("error").asText());
    }
    return node;
  }
}
