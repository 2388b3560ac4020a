package dev.fleetroll.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetroll.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Taskcluster REST calls Fleetroll needs (queue and worker-manager, taskcluster-api.md), over
 * OkHttp. Reads are anonymous unless credentials are configured; writes are Hawk-signed. Network
 * errors, 5xx and 429 are retried like the official clients (5 retries, exponential backoff with
 * jitter, honouring Retry-After); other 4xx are final. Paginated lists are followed to the end.
 *
 * <p>Inside a Temporal activity ({@link #forActivities}) a call retries once, quickly: the rest of the
 * budget is the activity's retry policy, which history shows and a dead worker cannot leave running. A
 * Retry-After longer than that quick retry fails the call at once with {@link TaskclusterException#retryAfter()}.
 */
public final class TaskclusterClient {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final SecureRandom NONCES = new SecureRandom();

  private final TaskclusterCredentials credentials;
  private final OkHttpClient http;
  private final Clock clock;
  /** The longest Retry-After a command-line call waits out. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
  /** The one quick retry of a call inside an activity waits at most this long. */
  static final Duration QUICK_RETRY = Duration.ofSeconds(1);

  private final int maxRetries;
  private final Duration baseDelay;
  private final Duration longestWait;

  public TaskclusterClient(TaskclusterCredentials credentials) {
    this(credentials, http(), Clock.systemUTC(), 5, Duration.ofMillis(100), LONGEST_WAIT);
  }

  /** For Temporal activities: one quick retry per call; longer waits are the activity's retry policy's. */
  public static TaskclusterClient forActivities(TaskclusterCredentials credentials) {
    return new TaskclusterClient(credentials, http(), Clock.systemUTC(), 1, Duration.ofMillis(100), QUICK_RETRY);
  }

  TaskclusterClient(TaskclusterCredentials credentials, OkHttpClient http, Clock clock, int maxRetries, Duration baseDelay,
      Duration longestWait) {
    this.credentials = credentials;
    this.http = http;
    this.clock = clock;
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
    this.longestWait = longestWait;
  }

  private static OkHttpClient http() {
    return new OkHttpClient.Builder().callTimeout(30, TimeUnit.SECONDS).followRedirects(false).build();
  }

  public TaskclusterCredentials credentials() {
    return credentials;
  }

  /** Queue getWorker: quarantine state, activity, recent tasks. 404 when unknown or expired. */
  public Worker worker(WorkerAddress address) {
    JsonNode node = call("GET", queue().addPathSegments("provisioners").addPathSegment(address.provisionerId())
        .addPathSegment("worker-types").addPathSegment(address.workerType()).addPathSegment("workers")
        .addPathSegment(address.workerGroup()).addPathSegment(address.workerId()).build(), null);
    return worker(address, node);
  }

  /**
   * Worker-manager getWorker, which also carries the quarantine history (reasons). Returns the queue
   * fields as well; use it when the reason matters.
   */
  public Worker workerWithHistory(WorkerAddress address) {
    JsonNode node = call("GET", workerManager().addPathSegments("provisioners").addPathSegment(address.provisionerId())
        .addPathSegment("worker-types").addPathSegment(address.workerType()).addPathSegment("workers")
        .addPathSegment(address.workerGroup()).addPathSegment(address.workerId()).build(), null);
    return worker(address, node);
  }

  /** The worker types (pools) of a provisioner (queue listWorkerTypes), following continuation tokens to the end. */
  public List<String> workerTypes(String provisionerId) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      HttpUrl.Builder url = queue().addPathSegments("provisioners").addPathSegment(provisionerId)
          .addPathSegment("worker-types");
      if (token != null) {
        url.addQueryParameter("continuationToken", token);
      }
      JsonNode page = call("GET", url.build(), null);
      for (JsonNode t : page.path("workerTypes")) {
        out.add(t.path("workerType").asText());
      }
      token = page.hasNonNull("continuationToken") ? page.get("continuationToken").asText() : null;
    } while (token != null);
    return out;
  }

  /** Every worker of a pool (queue listWorkers), following continuation tokens to the end. */
  public List<ListedWorker> listWorkers(String provisionerId, String workerType, Boolean quarantined) {
    List<ListedWorker> out = new ArrayList<>();
    String token = null;
    do {
      HttpUrl.Builder url = queue().addPathSegments("provisioners").addPathSegment(provisionerId)
          .addPathSegment("worker-types").addPathSegment(workerType).addPathSegment("workers");
      if (quarantined != null) {
        url.addQueryParameter("quarantined", quarantined.toString());
      }
      if (token != null) {
        url.addQueryParameter("continuationToken", token);
      }
      JsonNode page = call("GET", url.build(), null);
      for (JsonNode w : page.path("workers")) {
        out.add(new ListedWorker(w.path("workerGroup").asText(), w.path("workerId").asText(),
            instant(w, "quarantineUntil"), instant(w, "lastDateActive"), instant(w, "firstClaim"),
            w.has("latestTask") ? new Worker.TaskRef(w.path("latestTask").path("taskId").asText(),
                w.path("latestTask").path("runId").asInt()) : null));
      }
      token = page.hasNonNull("continuationToken") ? page.get("continuationToken").asText() : null;
    } while (token != null);
    return out;
  }

  /** The pool's pending tasks (queue pendingTasks; the task queue id sent with its slash raw, as the MVP does). */
  public int pendingTasks(String provisionerId, String workerType) {
    return call("GET", queue().addPathSegment("pending").addPathSegment(provisionerId).addPathSegment(workerType).build(),
        null).path("pendingTasks").asInt();
  }

  /** The address of {@code workerId} in a pool, found by listing it; null when the pool has no such worker. */
  public WorkerAddress find(String provisionerId, String workerType, String workerId) {
    for (ListedWorker w : listWorkers(provisionerId, workerType, null)) {
      if (w.workerId().equals(workerId)) {
        return new WorkerAddress(provisionerId, workerType, w.workerGroup(), workerId);
      }
    }
    return null;
  }

  /** The given run of a task (queue task status); the newest run when {@code runId} is null. */
  public TaskRun taskRun(String taskId, Integer runId) {
    JsonNode status = call("GET", queue().addPathSegment("task").addPathSegment(taskId).addPathSegment("status").build(),
        null).path("status");
    JsonNode runs = status.path("runs");
    if (!runs.isArray() || runs.isEmpty()) {
      return new TaskRun(taskId, runId == null ? 0 : runId, status.path("state").asText(null), null, null, null, null, null);
    }
    JsonNode run = runId != null && runId < runs.size() ? runs.get(runId) : runs.get(runs.size() - 1);
    return new TaskRun(taskId, run.path("runId").asInt(), run.path("state").asText(null),
        run.hasNonNull("reasonResolved") ? run.get("reasonResolved").asText() : null,
        instant(run, "started"), instant(run, "resolved"),
        run.hasNonNull("workerGroup") ? run.get("workerGroup").asText() : null,
        run.hasNonNull("workerId") ? run.get("workerId").asText() : null);
  }

  /** Quarantines the worker until {@code until}, recording {@code reason} in its history. Needs credentials. */
  public Worker quarantine(WorkerAddress address, Instant until, String reason) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("quarantineUntil", until.truncatedTo(ChronoUnit.MILLIS).toString());
    if (reason != null && !reason.isBlank()) {
      body.put("quarantineInfo", reason.length() > 4000 ? reason.substring(0, 4000) : reason);
    }
    JsonNode node = call("PUT", queue().addPathSegments("provisioners").addPathSegment(address.provisionerId())
        .addPathSegment("worker-types").addPathSegment(address.workerType()).addPathSegment("workers")
        .addPathSegment(address.workerGroup()).addPathSegment(address.workerId()).build(), body);
    return worker(address, node);
  }

  /** Ends a quarantine (quarantineUntil one year in the past, as the MVP does). */
  public Worker release(WorkerAddress address, String reason) {
    return quarantine(address, clock.instant().minus(365, ChronoUnit.DAYS), reason);
  }

  /** A worker as listed in its pool. */
  public record ListedWorker(String workerGroup, String workerId, Instant quarantineUntil, Instant lastDateActive,
      Instant firstClaim, Worker.TaskRef latestTask) {}

  // ---- HTTP -----------------------------------------------------------------------------------

  private HttpUrl.Builder queue() {
    return base().addPathSegments("api/queue/v1");
  }

  private HttpUrl.Builder workerManager() {
    return base().addPathSegments("api/worker-manager/v1");
  }

  private HttpUrl.Builder base() {
    HttpUrl root = HttpUrl.parse(credentials.rootUrl());
    if (root == null) {
      throw new dev.fleetroll.InputException("TASKCLUSTER_ROOT_URL '" + credentials.rootUrl() + "' is not a URL");
    }
    return root.newBuilder();
  }

  private JsonNode call(String method, HttpUrl url, JsonNode body) {
    byte[] payload = body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8);
    IOException lastNetworkError = null;
    for (int attempt = 0; ; attempt++) {
      Request.Builder request = new Request.Builder().url(url)
          .method(method, payload == null ? null : RequestBody.create(payload, JSON_TYPE))
          .header("Accept", "application/json");
      if (credentials.authenticated()) {
        request.header("Authorization", authorization(method, url));
      }
      Duration retryAfter = null;
      try (Response response = http.newCall(request.build()).execute()) {
        String text = readBody(response.body());
        if (response.isSuccessful()) {
          return text.isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
        }
        int status = response.code();
        retryAfter = retryAfter(response.header("Retry-After"));
        if (status < 500 && status != 429 || attempt >= maxRetries
            || retryAfter != null && retryAfter.compareTo(longestWait) > 0) {
          throw error(method, url, status, text, null, retryAfter);
        }
      } catch (TaskclusterException e) {
        throw e;
      } catch (IOException e) {
        lastNetworkError = e;
        if (attempt >= maxRetries) {
          throw new TaskclusterException(0, null, method + " " + url.encodedPath() + ": Taskcluster unreachable after "
              + (attempt + 1) + " attempts: " + e.getMessage(), e);
        }
      }
      sleep(retryAfter != null ? retryAfter : backoff(attempt + 1));
    }
  }

  /** 2^n × base, times a random factor in [0.75, 1.25], at most the longest wait (the JS client's formula, 30 s). */
  private Duration backoff(int retry) {
    double delay = Math.pow(2, retry) * baseDelay.toMillis() * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5);
    return Duration.ofMillis((long) Math.min(delay, longestWait.toMillis()));
  }

  /** Retry-After in seconds (an HTTP date is rare from Taskcluster's proxies and not honoured). */
  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskclusterException(0, null, "interrupted while waiting to retry", e);
    }
  }

  private String authorization(String method, HttpUrl url) {
    String resource = url.encodedPath() + (url.encodedQuery() != null ? "?" + url.encodedQuery() : "");
    String nonce = Long.toString(NONCES.nextLong() & Long.MAX_VALUE, 36);
    String ext = null;
    if (credentials.certificate() != null) {
      try {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.set("certificate", Json.MAPPER.readTree(credentials.certificate()));
        ext = Base64.getEncoder().encodeToString(Json.write(e).getBytes(StandardCharsets.UTF_8));
      } catch (IOException ex) {
        throw new dev.fleetroll.InputException("TASKCLUSTER_CERTIFICATE is not valid JSON", ex);
      }
    }
    return Hawk.header(credentials.clientId(), credentials.accessToken(), clock.instant().getEpochSecond(), nonce,
        method, resource, url.host(), url.port(), null, ext);
  }

  private static TaskclusterException error(String method, HttpUrl url, int status, String text, Throwable cause,
      Duration retryAfter) {
    String code = null;
    String message = text.length() > 300 ? text.substring(0, 300) : text;
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node != null && node.hasNonNull("code")) {
        code = node.get("code").asText();
        message = node.path("message").asText("");
        int trailer = message.indexOf("\n---");
        if (trailer >= 0) {
          message = message.substring(0, trailer);
        }
        message = message.strip().replace('\n', ' ');
      } else if (node != null && node.hasNonNull("error")) {
        message = node.get("error").asText();
      }
    } catch (IOException | RuntimeException e) {
      // Proxies can answer with HTML; keep the raw text.
    }
    return new TaskclusterException(status, code, method + " " + url.encodedPath() + ": HTTP " + status
        + (code != null ? " " + code : "") + (message.isBlank() ? "" : ": " + message), cause, retryAfter);
  }

  private static String readBody(ResponseBody body) throws IOException {
    return body == null ? "" : body.string();
  }

  private static Worker worker(WorkerAddress address, JsonNode node) {
    List<Worker.TaskRef> recent = new ArrayList<>();
    for (JsonNode t : node.path("recentTasks")) {
      recent.add(new Worker.TaskRef(t.path("taskId").asText(), t.path("runId").asInt()));
    }
    List<Worker.QuarantineDetail> details = new ArrayList<>();
    for (JsonNode d : node.path("quarantineDetails")) {
      details.add(new Worker.QuarantineDetail(d.path("clientId").asText(null), instant(d, "updatedAt"),
          d.path("quarantineUntil").asText(null), d.path("quarantineInfo").asText(null)));
    }
    WorkerAddress actual = new WorkerAddress(
        node.path("provisionerId").asText(address.provisionerId()), node.path("workerType").asText(address.workerType()),
        node.path("workerGroup").asText(address.workerGroup()), node.path("workerId").asText(address.workerId()));
    return new Worker(actual, instant(node, "quarantineUntil"), instant(node, "lastDateActive"),
        instant(node, "firstClaim"), instant(node, "expires"), recent, details);
  }

  private static Instant instant(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.OffsetDateTime.parse(value.asText()).toInstant();
    }
  }
}
