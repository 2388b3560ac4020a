package dev.fleetroll.sim.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetroll.sim.DurationParser;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.FleetStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The background process behind {@code fleetroll sim up}: runs one fleet until {@code sim down} (or
 * SIGTERM) and serves a small control API on 127.0.0.1 for {@code sim status} and {@code sim fault}.
 * Its address and a random token are in {@code D/daemon.json} (mode 600); every request must carry
 * the token. The hosts die with this process, however it ends.
 */
public final class SimDaemon {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Fleet fleet;
  private final String token;
  private final CountDownLatch stop = new CountDownLatch(1);

  private SimDaemon(Fleet fleet, String token) {
    this.fleet = fleet;
    this.token = token;
  }

  /** The timing options of {@code SimControl.Timing}: Puppet, reboot downtime, task lengths and rate. */
  static FleetSpec withTiming(FleetSpec spec, Map<String, String> opts) {
    FleetSpec out = spec;
    if (opts.containsKey("--puppet-ms")) {
      out = out.withPuppet(Duration.ofMillis(Long.parseLong(opts.get("--puppet-ms"))), out.puppetRetry());
    }
    if (opts.containsKey("--reboot-ms")) {
      out = out.withRebootDowntime(Duration.ofMillis(Long.parseLong(opts.get("--reboot-ms"))));
    }
    Duration min = opts.containsKey("--task-min-ms") ? Duration.ofMillis(Long.parseLong(opts.get("--task-min-ms"))) : out.taskMin();
    Duration max = opts.containsKey("--task-max-ms") ? Duration.ofMillis(Long.parseLong(opts.get("--task-max-ms")))
        : max(min, out.taskMax());
    double rate = opts.containsKey("--tasks-per-minute") ? Double.parseDouble(opts.get("--tasks-per-minute"))
        : out.tasksPerMinutePerWorker();
    return out.withTasks(min, max, rate);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    Path dir = Path.of(opts.get("--dir")).toAbsolutePath().normalize();
    Path state = dir.resolve(DaemonFiles.STATE);
    FleetSpec spec = FleetSpec.of(Integer.parseInt(opts.getOrDefault("--linux", "0")),
        Integer.parseInt(opts.getOrDefault("--mac", "0"))).withSeed(Long.parseLong(opts.getOrDefault("--seed", "1")))
        .withDir(dir).withBastion(Boolean.parseBoolean(opts.getOrDefault("--bastion", "false")));
    spec = withTiming(spec, opts);
    Fleet fleet;
    long started = System.nanoTime();
    try {
      fleet = Fleet.start(spec);
    } catch (Throwable e) {
      writeState(state, Map.of("state", "failed", "pid", ProcessHandle.current().pid(), "error", String.valueOf(e.getMessage())));
      System.err.println("sim daemon: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    SimDaemon daemon = new SimDaemon(fleet, HexFormat.of().formatHex(secret));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", daemon::handle);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      fleet.close();
      try {
        Files.deleteIfExists(state);
      } catch (IOException ignored) {
        // best effort
      }
    }));
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("state", "ready");
    ready.put("pid", ProcessHandle.current().pid());
    ready.put("controlUrl", "http://127.0.0.1:" + server.getAddress().getPort());
    ready.put("token", daemon.token);
    ready.put("startedAt", Instant.now().toString());
    ready.put("startSeconds", (System.nanoTime() - started) / 1e9);
    ready.put("linux", spec.linux());
    ready.put("mac", spec.mac());
    ready.put("seed", spec.seed());
    fleet.bastion().ifPresent(b -> ready.put("bastion", b.name()));
    ready.put("taskclusterRootUrl", fleet.taskcluster().rootUrl());
    ready.put("githubApiUrl", fleet.githubServer().apiUrl());
    writeState(state, ready);
    daemon.stop.await();
    server.stop(0);
    System.exit(0); // the shutdown hook closes the fleet
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
          ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
        send(ex, 401, Map.of("error", "missing or wrong control token"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      JsonNode body = ex.getRequestMethod().equals("POST") ? JSON.readTree(ex.getRequestBody()) : null;
      try {
        switch (ex.getRequestMethod() + " " + path) {
          case "GET /status" -> send(ex, 200, FleetStatus.of(fleet));
          case "POST /fault" -> {
            String host = body.path("host").asText();
            fleet.host(host);
            for (JsonNode s : body.path("settings")) {
              fleet.fault(host, s.asText());
            }
            send(ex, 200, Map.of("host", fleet.host(host).name(), "faults", fleet.faults(host)));
          }
          case "POST /taskcluster" -> {
            if (body.has("errorRate") || body.has("errorStatus")) {
              fleet.taskcluster().setErrors(body.path("errorRate").asDouble(0), body.path("errorStatus").asInt(500));
            }
            if (body.has("latency")) {
              fleet.taskcluster().setLatency(DurationParser.parse(body.get("latency").asText()));
            }
            send(ex, 200, FleetStatus.of(fleet).get("taskclusterFaults"));
          }
          case "POST /branch" -> {
            String repo = body.path("repo").asText();
            String branch = body.path("branch").asText();
            if (body.path("push").asBoolean(false)) {
              fleet.github().push(repo, branch);
            }
            if (body.has("puppetFails") || body.has("taskFailureRate")) {
              var current = fleet.github().branch(repo, branch);
              fleet.github().setHealth(repo, branch,
                  body.path("puppetFails").asBoolean(current.map(b -> b.puppetFails()).orElse(false)),
                  body.path("taskFailureRate").asDouble(current.map(b -> b.taskFailureRate()).orElse(0.0)));
            }
            send(ex, 200, fleet.github().branch(repo, branch).orElseThrow());
          }
          case "POST /reboot" -> {
            fleet.reboot(body.path("host").asText());
            send(ex, 200, Map.of("rebooting", fleet.host(body.path("host").asText()).name()));
          }
          case "POST /shutdown" -> {
            send(ex, 200, Map.of("stopping", true));
            stop.countDown();
          }
          default -> send(ex, 404, Map.of("error", "no such control endpoint: " + path));
        }
      } catch (IllegalArgumentException e) {
        send(ex, 400, Map.of("error", e.getMessage()));
      }
    } catch (RuntimeException e) {
      send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void writeState(Path file, Map<String, Object> state) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, JSON.writeValueAsString(state));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
