package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.sim.taskcluster.TcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Taskcluster stand-in and the simulated generic-workers: checked with the official npm
 * taskcluster-client (Hawk, scopes, status codes as the real service), and over plain HTTP for the
 * details of taskcluster-api.md.
 */
class TaskclusterStandInTest {
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(2, 1)
      .withTasks(Duration.ofSeconds(2), Duration.ofSeconds(4), 30));

  private static final String LINUX = "t-linux64-ms-001";
  private static final String LINUX_2 = "t-linux64-ms-002";
  private static final String MAC = "macmini-r8-001";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void officialClientListsGetsAndQuarantinesAndIsRefusedLikeTheRealService() throws Exception {
    Fleet fleet = sim.fleet();
    SimHost host = fleet.host(LINUX_2);
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> fleet.taskcluster().worker(LINUX_2).isPresent())).isTrue();
    Path dir = Path.of("target/taskcluster-client");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "package-lock.json", "check.js")) {
      Files.copy(Path.of("src/test/node/taskcluster-client", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    run(dir, Map.of(), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    TcClient operator = fleet.taskcluster().operator();
    TcClient noScopes = fleet.taskcluster().client(Taskcluster.NO_SCOPES);
    fleet.taskcluster().addTasks(host.provisionerId(), "gecko-t-no-workers", 7); // no worker claims them
    String out = run(dir, Map.of("PENDING_WORKER_TYPE", "gecko-t-no-workers",
        "TASKCLUSTER_ROOT_URL", fleet.taskcluster().rootUrl(), "TASKCLUSTER_CLIENT_ID", operator.clientId(),
        "TASKCLUSTER_ACCESS_TOKEN", operator.accessToken(), "NO_SCOPES_CLIENT_ID", noScopes.clientId(), "NO_SCOPES_ACCESS_TOKEN", noScopes.accessToken()),
        "node", "check.js", host.provisionerId(), host.workerType(), host.workerGroup(), host.workerId());
    Map<String, JsonNode> checks = new HashMap<>();
    for (String line : out.lines().toList()) {
      JsonNode n = JSON.readTree(line);
      checks.put(n.get("check").asText(), n);
    }
    assertThat(checks.get("anonymous-listWorkers").get("value").toString()).contains(host.workerId());
    assertThat(checks.get("listWorkers").get("ok").asBoolean()).isTrue();
    JsonNode pending = checks.get("pendingTasks").get("value");
    assertThat(pending).as(checks.get("pendingTasks").toString()).isNotNull();
    assertThat(pending.get("taskQueueId").asText()).isEqualTo(host.provisionerId() + "/gecko-t-no-workers");
    assertThat(pending.get("provisionerId").asText()).isEqualTo(host.provisionerId());
    assertThat(pending.get("workerType").asText()).isEqualTo("gecko-t-no-workers");
    assertThat(pending.get("pendingTasks").asInt()).isEqualTo(7);
    assertThat(checks.get("getWorker").get("value").get("workerId").asText()).isEqualTo(host.workerId());
    assertThat(checks.get("quarantineWorker").get("ok").asBoolean()).as(checks.get("quarantineWorker").toString()).isTrue();
    assertThat(checks.get("listWorkers-quarantined").get("value").toString()).contains(host.workerId());
    assertThat(checks.get("workerManager-getWorker").get("value").get(0).get("clientId").asText())
        .isEqualTo(Taskcluster.OPERATOR);
    assertThat(checks.get("temporaryCredentials-quarantineWorker").get("ok").asBoolean())
        .as(checks.get("temporaryCredentials-quarantineWorker").toString()).isTrue();
    assertThat(checks.get("wrongAccessToken").get("statusCode").asInt()).isEqualTo(401);
    assertThat(checks.get("wrongAccessTokenOnRead").get("statusCode").asInt()).isEqualTo(401);
    assertThat(checks.get("missingScope").get("statusCode").asInt()).isEqualTo(403);
    assertThat(checks.get("missingScope").get("code").asText()).isEqualTo("InsufficientScopes");
    assertThat(checks.get("anonymousQuarantine").get("statusCode").asInt()).isEqualTo(403);
    assertThat(checks.get("unknownWorker").get("statusCode").asInt()).isEqualTo(404);
    assertThat(checks.get("unknownWorker").get("code").asText()).isEqualTo("ResourceNotFound");
    assertThat(fleet.taskcluster().quarantined(LINUX_2)).isFalse(); // the temporary credentials lifted it
  }

  @Test
  void workersClaimTasksAndQuarantineStopsNewClaimsButNotTheRunningTask() throws Exception {
    Fleet fleet = sim.fleet();
    Taskcluster tc = fleet.taskcluster();
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> tc.currentTask(LINUX) != null)).isTrue();
    String running = tc.currentTask(LINUX);
    SimHost h = fleet.host(LINUX);
    HttpResponse<String> put = quarantine(h, tc.operator(), Instant.now().plus(Duration.ofDays(3650)).toString());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(Fleet.await(Duration.ofSeconds(30), () -> tc.task(running).orElseThrow().state().equals("completed")
        || tc.task(running).orElseThrow().state().equals("failed"))).isTrue();
    int claimed = tc.worker(LINUX).orElseThrow().recentTaskIds().size();
    Thread.sleep(6000);
    assertThat(tc.worker(LINUX).orElseThrow().recentTaskIds()).hasSize(claimed);
    assertThat(tc.currentTask(LINUX)).isNull();
    assertThat(quarantine(h, tc.operator(), Instant.now().minus(Duration.ofDays(365)).toString()).statusCode()).isEqualTo(200);
    assertThat(Fleet.await(Duration.ofSeconds(30), () -> tc.worker(LINUX).orElseThrow().recentTaskIds().size() > claimed)).isTrue();
    JsonNode worker = get("/api/worker-manager/v1/provisioners/" + h.provisionerId() + "/worker-types/" + h.workerType()
        + "/workers/" + h.workerGroup() + "/" + h.workerId()).body();
    assertThat(worker.get("quarantineDetails")).hasSize(2);
    assertThat(worker.get("state").asText()).isEqualTo("standalone");
  }

  @Test
  void macWorkerRunsOneTaskPerPuppetAndRebootCycle() {
    Fleet fleet = sim.fleet();
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> fleet.counters(MAC).reboots() >= 1)).isTrue();
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> fleet.taskcluster().recentTasks(MAC).size() >= 2)).isTrue();
    HostCounters c = fleet.counters(MAC);
    assertThat(c.puppetRuns()).isGreaterThanOrEqualTo(c.reboots());
  }

  @Test
  void restDetailsFollowTheReference() throws Exception {
    Fleet fleet = sim.fleet();
    SimHost h = fleet.host(LINUX);
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> fleet.taskcluster().worker(LINUX).isPresent())).isTrue();
    String pool = "/api/queue/v1/provisioners/" + h.provisionerId() + "/worker-types/" + h.workerType();
    assertThat(get("/api/queue/v1/__heartbeat__").body().size()).isZero();
    Resp unknownKey = get(pool + "/workers?workerState=running");
    assertThat(unknownKey.status()).isEqualTo(400);
    assertThat(unknownKey.body().get("code").asText()).isEqualTo("InvalidRequestArguments");
    assertThat(get("/api/queue/v1/nowhere").body().get("error").asText()).isEqualTo("Not found");
    Resp badParam = get(pool + "/workers/mdc1/bad%20id");
    assertThat(badParam.status()).isEqualTo(400);
    Resp worker = get(pool + "/workers/" + h.workerGroup() + "/" + h.workerId());
    assertThat(worker.body().get("quarantineUntil").asText()).endsWith("Z");
    assertThat(worker.body().get("actions").size()).isZero();
    Resp page = get(pool + "/workers?limit=1");
    assertThat(page.body().get("workers")).hasSize(1);
    // PUT without credentials: 403; with a bad body: 400 InputValidationError
    assertThat(quarantine(h, null, Instant.now().toString()).statusCode()).isEqualTo(403);
    HttpResponse<String> noUntil = put(pool + "/workers/" + h.workerGroup() + "/" + h.workerId(), "{\"quarantineInfo\":\"x\"}", fleet.taskcluster().operator());
    assertThat(JSON.readTree(noUntil.body()).get("code").asText()).isEqualTo("InputValidationError");
    String task = fleet.taskcluster().worker(LINUX).orElseThrow().recentTaskIds().getLast();
    Resp status = get("/api/queue/v1/task/" + task + "/status");
    assertThat(status.body().get("status").get("runs").get(0).get("workerId").asText()).isEqualTo(h.workerId());
    assertThat(get("/api/queue/v1/pending/" + h.provisionerId() + "/" + h.workerType()).body().get("pendingTasks").isInt()).isTrue();
    fleet.taskcluster().setErrors(1.0, 503);
    try {
      assertThat(get(pool + "/workers").status()).isEqualTo(503);
    } finally {
      fleet.taskcluster().setErrors(0, 500);
    }
  }

  record Resp(int status, JsonNode body) {}

  private Resp get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.fleet().taskcluster().rootUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Resp(r.statusCode(), r.body().startsWith("{") ? JSON.readTree(r.body()) : JSON.createObjectNode());
  }

  private HttpResponse<String> quarantine(SimHost h, TcClient client, String until) throws Exception {
    return put("/api/queue/v1/provisioners/" + h.provisionerId() + "/worker-types/" + h.workerType() + "/workers/"
        + h.workerGroup() + "/" + h.workerId(), "{\"quarantineUntil\":\"" + until + "\",\"quarantineInfo\":\"test\"}", client);
  }

  private HttpResponse<String> put(String path, String body, TcClient client) throws Exception {
    URI uri = URI.create(sim.fleet().taskcluster().rootUrl() + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (client != null) {
      b.header("Authorization", TestHawk.header(client, "PUT", uri));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    List<String> json = new ArrayList<>();
    out.lines().filter(l -> l.startsWith("{")).forEach(json::add);
    return String.join("\n", json);
  }
}
