package dev.fleetroll.taskcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskclusterClientTest {
  private static final Instant NOW = Instant.parse("2026-08-21T17:24:00Z");
  private static final WorkerAddress ADDRESS =
      new WorkerAddress("releng-hardware", "gecko-t-linux-talos-1804", "mdc1", "t-linux64-ms-238");

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private TaskclusterClient client(String clientId, String token) {
    TaskclusterCredentials creds = new TaskclusterCredentials(server.url("/").toString(), clientId, token, null);
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();
    return new TaskclusterClient(creds, http, Clock.fixed(NOW, ZoneOffset.UTC), 5, Duration.ofMillis(1),
        TaskclusterClient.LONGEST_WAIT);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void readsAWorkerAnonymously() throws Exception {
    server.enqueue(json(200, """
        {"provisionerId":"releng-hardware","workerType":"gecko-t-linux-talos-1804","workerGroup":"mdc1",
         "workerId":"t-linux64-ms-238","quarantineUntil":"2036-08-21T17:24:00.000Z",
         "lastDateActive":"2026-08-21T17:00:00.000Z","firstClaim":"2026-01-01T00:00:00.000Z",
         "expires":"2026-08-22T17:00:00.000Z","recentTasks":[{"taskId":"a","runId":0},{"taskId":"b","runId":1}],
         "actions":[],"somethingNew":1}
        """));
    Worker w = client(null, null).worker(ADDRESS);
    assertThat(w.quarantined(NOW)).isTrue();
    assertThat(w.lastDateActive()).isEqualTo(Instant.parse("2026-08-21T17:00:00Z"));
    assertThat(w.recentTasks()).extracting(Worker.TaskRef::taskId).containsExactly("a", "b");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getPath()).isEqualTo(
        "/api/queue/v1/provisioners/releng-hardware/worker-types/gecko-t-linux-talos-1804/workers/mdc1/t-linux64-ms-238");
    assertThat(r.getHeader("Authorization")).isNull();
  }

  @Test
  void retries5xx429AndNetworkErrorsThenSucceeds() throws Exception {
    server.enqueue(json(500, "{\"code\":\"InternalServerError\",\"message\":\"boom\"}"));
    server.enqueue(json(429, "{}").setHeader("Retry-After", "0"));
    server.enqueue(json(200, "{\"status\":{\"taskId\":\"t\",\"state\":\"failed\",\"runs\":[{\"runId\":0,\"state\":\"exception\","
        + "\"reasonResolved\":\"claim-expired\",\"started\":\"2026-08-21T16:00:00.000Z\",\"resolved\":\"2026-08-21T16:30:00.000Z\"}]}}"));
    TaskRun run = client(null, null).taskRun("t", 0);
    assertThat(run.state()).isEqualTo("exception");
    assertThat(run.hostTrouble()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retriesAConnectionDroppedWithoutAResponse() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(json(200, "{\"status\":{\"taskId\":\"t\",\"state\":\"running\",\"runs\":[{\"runId\":0,\"state\":\"running\"}]}}"));
    assertThat(client(null, null).taskRun("t", null).state()).isEqualTo("running");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givesUpAfterFiveRetries() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(json(503, "<html>bad gateway</html>"));
    }
    assertThatThrownBy(() -> client(null, null).worker(ADDRESS))
        .isInstanceOfSatisfying(TaskclusterException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.unavailable()).isTrue();
        });
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void insideAnActivityACallRetriesOnceQuicklyAndLeavesTheRestToTemporal() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(json(503, "<html>bad gateway</html>"));
    }
    TaskclusterClient client = TaskclusterClient.forActivities(
        new TaskclusterCredentials(server.url("/").toString(), null, null, null));
    long started = System.nanoTime();

    assertThatThrownBy(() -> client.worker(ADDRESS)).isInstanceOfSatisfying(TaskclusterException.class,
        e -> assertThat(e.unavailable()).isTrue());

    assertThat(server.getRequestCount()).as("one attempt and one quick retry").isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRetryAfterLongerThanTheQuickRetryFailsTheCallAtOnceWithTheDelay() {
    server.enqueue(json(503, "{}").setHeader("Retry-After", "120"));
    server.enqueue(json(200, "{}"));
    TaskclusterClient client = TaskclusterClient.forActivities(
        new TaskclusterCredentials(server.url("/").toString(), null, null, null));

    assertThatThrownBy(() -> client.worker(ADDRESS)).isInstanceOfSatisfying(TaskclusterException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));

    assertThat(server.getRequestCount()).as("Temporal waits the two minutes, not the call").isEqualTo(1);
  }

  @Test
  void notFoundIsFinalAndCarriesTheCode() {
    server.enqueue(json(404, "{\"code\":\"ResourceNotFound\",\"message\":\"Worker not found\\n---\\n* method: getWorker\"}"));
    assertThatThrownBy(() -> client(null, null).worker(ADDRESS))
        .isInstanceOfSatisfying(TaskclusterException.class, e -> {
          assertThat(e.notFound()).isTrue();
          assertThat(e.code()).isEqualTo("ResourceNotFound");
          assertThat(e.getMessage()).contains("Worker not found").doesNotContain("method: getWorker");
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void listFollowsContinuationTokensThroughEmptyPages() throws Exception {
    server.enqueue(json(200, "{\"workers\":[{\"workerGroup\":\"mdc1\",\"workerId\":\"w1\",\"firstClaim\":\"2026-01-01T00:00:00.000Z\"}],\"continuationToken\":\"p2\"}"));
    server.enqueue(json(200, "{\"workers\":[],\"continuationToken\":\"p3\"}"));
    server.enqueue(json(200, "{\"workers\":[{\"workerGroup\":\"mdc2\",\"workerId\":\"w2\",\"firstClaim\":\"2026-01-01T00:00:00.000Z\","
        + "\"latestTask\":{\"taskId\":\"x\",\"runId\":0}}]}"));
    TaskclusterClient client = client(null, null);
    assertThat(client.listWorkers("p", "wt", null)).extracting(TaskclusterClient.ListedWorker::workerId)
        .containsExactly("w1", "w2");
    server.takeRequest();
    assertThat(server.takeRequest().getRequestUrl().queryParameter("continuationToken")).isEqualTo("p2");
    assertThat(server.takeRequest().getRequestUrl().queryParameter("continuationToken")).isEqualTo("p3");
  }

  @Test
  void quarantineIsAHawkSignedPutWithReason() throws Exception {
    server.enqueue(json(200, "{\"workerGroup\":\"mdc1\",\"workerId\":\"t-linux64-ms-238\",\"quarantineUntil\":\"2026-08-22T17:24:00.000Z\",\"recentTasks\":[]}"));
    client("project/releng/fleetroll", "s3cret").quarantine(ADDRESS, NOW.plus(Duration.ofDays(1)), "rollout r1");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("PUT");
    assertThat(r.getBody().readUtf8()).isEqualTo("{\"quarantineUntil\":\"2026-08-22T17:24:00Z\",\"quarantineInfo\":\"rollout r1\"}");
    String auth = r.getHeader("Authorization");
    assertThat(auth).startsWith("Hawk id=\"project/releng/fleetroll\", ts=\"" + NOW.getEpochSecond() + "\"");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("nonce=\"([^\"]+)\".*mac=\"([^\"]+)\"").matcher(auth);
    assertThat(m.find()).isTrue();
    String expected = Hawk.mac("s3cret", NOW.getEpochSecond(), m.group(1), "PUT", r.getPath(),
        server.getHostName(), server.getPort(), null, null);
    assertThat(m.group(2)).isEqualTo(expected);
    assertThat(auth).doesNotContain("s3cret");
  }
}
