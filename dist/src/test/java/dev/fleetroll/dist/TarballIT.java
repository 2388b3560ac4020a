package dev.fleetroll.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.server.WorkerLaunch;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * fleetroll-VERSION.tar.gz as an operator gets it: unpacked into an empty directory outside the checkout
 * and run with nothing but a JDK 25 (no Maven, no git, none of the launcher's variables), against a small
 * simulated fleet and a Temporal server it starts itself; the worker runs the way its systemd unit runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballIT {
  private static final Path TARBALL = Path.of(System.getProperty("fleetroll.tarball"));
  private static final String VERSION = System.getProperty("fleetroll.version");
  private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

  private static Path unpacked;
  private static Path root;
  private static Path home;
  private static Path fleet;
  private static Map<String, String> ports;

  @BeforeAll
  static void unpack() throws Exception {
    unpacked = Files.createTempDirectory("fleetroll-tarball-it-");
    assertThat(unpacked.startsWith(CHECKOUT)).isFalse();
    run(unpacked, Map.of(), "tar", "xzf", TARBALL.toString()).ok();
    root = unpacked.resolve("fleetroll-" + VERSION);
    home = unpacked.resolve("home");
    fleet = home.resolve("sim");
    ports = Map.of("FLEETROLL_TEMPORAL_PORT", Integer.toString(freePort()),
        "FLEETROLL_TEMPORAL_UI_PORT", Integer.toString(freePort()));
  }

  @AfterAll
  static void stopEverything() throws IOException {
    if (root != null) {
      fleetroll("server", "stop");
      fleetroll("sim", "down");
    }
    try (Stream<Path> paths = Files.walk(unpacked)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  @Order(1)
  void versionNamesTheVersionAndTheCommitItWasBuiltFrom() throws Exception {
    Run version = fleetroll("--version").ok();
    Matcher m = Pattern.compile("fleetroll (\\S+) \\(commit ([0-9a-f]{7})(, modified)?, \\d{4}-\\d\\d-\\d\\d\\)").matcher(version.out());
    assertThat(m.find()).as(version.toString()).isTrue();
    assertThat(m.group(1)).isEqualTo(VERSION);
    Run head = run(CHECKOUT, Map.of(), "git", "rev-parse", "--short=7", "HEAD");
    if (head.exit() == 0) {
      assertThat(m.group(2)).isEqualTo(head.out().strip());
    }
  }

  @Test
  @Order(2)
  void simUpAndHostAuditAgainstTheSimulatedFleet() throws Exception {
    fleetroll("sim", "up", "--linux", "3", "--mac", "1").ok();
    Run audit = fleetroll("host", "audit", "-F", fleet.resolve("ssh_config").toString(), fleet.resolve("hosts.list").toString(),
        "--json").ok();
    List<JsonNode> records = audit.out().lines().map(TarballIT::json).toList();
    assertThat(records).hasSize(4).allSatisfy(r -> assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("ok"));
  }

  @Test
  @Order(3)
  void theWorkerRunsAsItsSystemdUnitRunsItAndTheExamplePlanIsCheckedAgainstTheFleet() throws Exception {
    fleetroll("server", "start", "--no-worker").ok();
    int healthPort = freePort();
    Path envFile = Files.writeString(unpacked.resolve("worker.env"), Files.readString(fleet.resolve("taskcluster.env"))
        + "FLEETROLL_TEMPORAL_ADDRESS=" + serverAddress() + "\nFLEETROLL_HOME=" + home + "\nFLEETROLL_WORKER_PORT=" + healthPort
        + "\nFLEETROLL_SSH_CONFIG=" + fleet.resolve("ssh_config") + "\n");
    ProcessBuilder unit = new ProcessBuilder(root.resolve("bin/fleetroll-worker").toString(), "--env-file", envFile.toString())
        .redirectErrorStream(true).redirectOutput(unpacked.resolve("worker.log").toFile());
    unit.environment().clear(); // systemd passes little more than PATH
    unit.environment().put("PATH", "/usr/bin:/bin");
    Process worker = unit.start();
    try {
      assertThat(awaitHealthy(healthPort, Duration.ofMinutes(2))).as("the worker's /health reports it polling").isTrue();

      // The example plan, on the fleet's hosts: its host lists hold the fleet's, its exclusion one of them.
      Path plans = Files.createDirectories(unpacked.resolve("plans"));
      run(unpacked, Map.of(), "cp", "-r", root.resolve("examples").toString() + "/.", plans.toString()).ok();
      Files.copy(fleet.resolve("linux.list"), plans.resolve("hosts/moonshots.list"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(fleet.resolve("mac.list"), plans.resolve("hosts/macminis.list"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path plan = plans.resolve("rollout-plan.yaml");
      Files.writeString(plan, Files.readString(plan).replace("t-linux64-ms-016.", "t-linux64-ms-003."));
      Run dryRun = fleetroll(fleetEnvironment(), "rollout", "plan", plan.toString()).ok();
      assertThat(dryRun.out()).contains("Plan fix-talos-audio").contains("4 targets: 3 to roll out, 0 blocked, 1 excluded")
          .contains("t-linux64-ms-003.test.releng.mdc1.mozilla.com  excluded by the plan");
      assertThat(dryRun.err()).as("leases of other rollouts are checked on the server").isEmpty();
    } finally {
      worker.destroy(); // SIGTERM, as systemd stops it
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker stops within the unit's TimeoutStopSec").isTrue();
    }
    assertThat(worker.exitValue()).as("SuccessExitStatus covers it").isIn(0, 143);
  }

  @Test
  @Order(4)
  void theSystemdUnitVerifiesClean() throws Exception {
    assumeThat(run(unpacked, Map.of(), "sh", "-c", "command -v systemd-analyze").exit()).as("systemd-analyze is here").isZero();
    // As installed at /opt/fleetroll: verify checks that ExecStart exists, so the copy points at this package.
    Path unit = Files.writeString(unpacked.resolve("fleetroll-worker.service"),
        Files.readString(root.resolve("systemd/fleetroll-worker.service")).replace("/opt/fleetroll", root.toString()));
    Run verify = run(unpacked, Map.of(), "systemd-analyze", "verify", unit.toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.out() + verify.err()).as("no warnings").isEmpty();
  }

  @Test
  @Order(5)
  void theLaunchersStartTheirJvmsLikeTheCheckoutDoes() throws IOException {
    assertThat(jvmOptions(root.resolve("bin/fleetroll-worker"))).isEqualTo(String.join(" ", WorkerLaunch.JVM_OPTIONS));
    assertThat(jvmOptions(root.resolve("bin/fleetroll"))).isEqualTo(jvmOptions(CHECKOUT.resolve("fleetroll")));
  }

  /** The options between the launcher's java and its -jar. */
  private static String jvmOptions(Path launcher) throws IOException {
    String script = Files.readString(launcher).replace("\\\n", " ");
    Matcher m = Pattern.compile("exec \"\\$\\w+(?:/bin/java)?\" +(.*?) +-jar ").matcher(script);
    assertThat(m.find()).as(launcher.toString()).isTrue();
    return m.group(1).replaceAll("\\s+", " ");
  }

  private static Map<String, String> fleetEnvironment() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(fleet.resolve("taskcluster.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    env.put("FLEETROLL_SSH_CONFIG", fleet.resolve("ssh_config").toString());
    return env;
  }

  private static String serverAddress() {
    return "127.0.0.1:" + ports.get("FLEETROLL_TEMPORAL_PORT");
  }

  private static boolean awaitHealthy(int port, Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && json(r.body()).path("details").path("temporal").path("details").path("polling").asBoolean()) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Run fleetroll(String... args) {
    return fleetroll(Map.of(), args);
  }

  /** bin/fleetroll with a fresh data directory, free ports for its server, and none of the checkout's launcher variables. */
  private static Run fleetroll(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("FLEETROLL_HOME", home.toString());
    env.putAll(ports);
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/fleetroll").toString()));
    command.addAll(List.of(args));
    return run(unpacked, env, command.toArray(String[]::new));
  }

  private record Run(List<String> command, int exit, String out, String err) {
    Run ok() {
      assertThat(exit).as(toString()).isZero();
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + ": exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Run run(Path dir, Map<String, String> extra, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(name -> name.startsWith("FLEETROLL_"));
    builder.environment().putAll(extra);
    try {
      Process process = builder.start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
      }
      return new Run(List.of(command), process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
