package dev.fleetroll.sim.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The Taskcluster stand-in: real HTTP on 127.0.0.1 serving the queue and worker-manager endpoints
 * Fleetroll uses, faithful to taskcluster-api.md in paths, scopes (anonymous reads as on FirefoxCI),
 * Hawk, middleware order (body parse → auth → URL params → query → body schema), response shapes,
 * error bodies and status codes. Faults: a share of requests answered 5xx/429 and added latency.
 */
public final class TaskclusterServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IDENT = Pattern.compile("^[a-zA-Z0-9-_]{1,38}$");
  private static final Pattern TASK_ID = Pattern.compile(
      "^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$");
  private static final Pattern LIMIT = Pattern.compile("^[0-9]+$");
  private static final int MAX_LIMIT = 1000;

  private final Queue queue;
  private final HttpServer server;
  private final Map<String, TcClient> clients = new ConcurrentHashMap<>();
  private final RandomGenerator faultRandom;
  private volatile double errorRate;
  private volatile int errorStatus = 500;
  private volatile Duration latency = Duration.ZERO;

  public TaskclusterServer(Queue queue, List<TcClient> knownClients, long seed) throws IOException {
    this.queue = queue;
    this.faultRandom = new java.util.Random(seed ^ 0x5eed);
    knownClients.forEach(c -> clients.put(c.clientId(), c));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers this share of API requests with {@code status} (500, 502, 503, 504 or 429). */
  public void setErrors(double rate, int status) {
    if (rate < 0 || rate > 1 || !Set.of(500, 502, 503, 504, 429).contains(status)) {
      throw new IllegalArgumentException("error rate must be 0..1 and status one of 500, 502, 503, 504, 429");
    }
    this.errorRate = rate;
    this.errorStatus = status;
  }

  public void setLatency(Duration value) {
    this.latency = value;
  }

  public double errorRate() {
    return errorRate;
  }

  public int errorStatus() {
    return errorStatus;
  }

  public Duration latency() {
    return latency;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private record Request(HttpExchange exchange, String method, String rawPath, String rawQuery, byte[] body) {}

  private record Route(String name, String scope, List<String[]> params) {}

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String rawPath = exchange.getRequestURI().getRawPath();
      String rawQuery = exchange.getRequestURI().getRawQuery();
      Request req = new Request(exchange, exchange.getRequestMethod(), rawPath, rawQuery, body);
      exchange.getResponseHeaders().add("x-for-request-id", UUID.randomUUID().toString());
      exchange.getResponseHeaders().add("x-for-trace-id", UUID.randomUUID().toString().replace("-", ""));
      Duration delay = latency;
      if (!delay.isZero()) {
        Thread.sleep(delay);
      }
      if (!rawPath.endsWith("/__heartbeat__") && errorRate > 0 && faultRandom.nextDouble() < errorRate) {
        injectedError(exchange);
        return;
      }
      dispatch(req);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      try {
        sendError(exchange, "unknown", Map.of(), new ApiError(500, "InternalServerError",
            "Internal Server Error, incidentId " + UUID.randomUUID() + "."));
      } catch (IOException ignored) {
        // client gone
      }
    }
  }

  private void injectedError(HttpExchange exchange) throws IOException {
    if (errorStatus == 500) {
      sendError(exchange, "unknown", Map.of(), new ApiError(500, "InternalServerError",
          "Internal Server Error, incidentId " + UUID.randomUUID() + "."));
      return;
    }
    // 429 and 502-504 come from the load balancer in front of the services: HTML, not Taskcluster JSON.
    String reason = switch (errorStatus) {
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Gateway Timeout";
    };
    if (errorStatus == 429 || errorStatus == 503) {
      exchange.getResponseHeaders().add("Retry-After", "1");
    }
    byte[] html = ("<html><head><title>" + errorStatus + " " + reason + "</title></head><body><center><h1>"
        + errorStatus + " " + reason + "</h1></center></body></html>\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html");
    exchange.sendResponseHeaders(errorStatus, html.length);
    exchange.getResponseBody().write(html);
  }

  private void dispatch(Request req) throws IOException {
    String[] seg = req.rawPath().split("/", -1);
    // "", "api", service, "v1", ...
    if (seg.length < 5 || !seg[1].equals("api") || !seg[3].equals("v1")) {
      notFoundRoute(req.exchange());
      return;
    }
    String service = seg[2];
    List<String> parts = new ArrayList<>();
    for (int i = 4; i < seg.length; i++) {
      parts.add(URLDecoder.decode(seg[i].replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    String m = req.method();
    if (parts.equals(List.of("__heartbeat__")) && m.equals("GET") && Set.of("queue", "worker-manager").contains(service)) {
      sendJson(req.exchange(), 200, JSON.createObjectNode());
      return;
    }
    if (service.equals("queue")) {
      queueRoutes(req, parts, m);
    } else if (service.equals("worker-manager")) {
      workerManagerRoutes(req, parts, m);
    } else {
      notFoundRoute(req.exchange());
    }
  }

  private void queueRoutes(Request req, List<String> p, String m) throws IOException {
    int n = p.size();
    if (n >= 1 && p.get(0).equals("provisioners")) {
      if (n == 1 && m.equals("GET")) {
        call(req, "listProvisioners", "queue:list-provisioners", List.of(), Set.of("continuationToken", "limit"),
            params -> listProvisioners());
        return;
      }
      if (n == 2 && m.equals("GET")) {
        String prov = p.get(1);
        call(req, "getProvisioner", "queue:get-provisioner:" + prov, List.<String[]>of(new String[] {"provisionerId", prov}),
            Set.of(), params -> provisioner(prov));
        return;
      }
      if (n == 3 && p.get(2).equals("worker-types") && m.equals("GET")) {
        String prov = p.get(1);
        call(req, "listWorkerTypes", "queue:list-worker-types:" + prov, List.<String[]>of(new String[] {"provisionerId", prov}),
            Set.of("continuationToken", "limit"), q -> listWorkerTypes(prov));
        return;
      }
      if (n >= 4 && p.get(2).equals("worker-types")) {
        String prov = p.get(1);
        String wt = p.get(3);
        List<String[]> pool = List.<String[]>of(new String[] {"provisionerId", prov}, new String[] {"workerType", wt});
        if (n == 4 && m.equals("GET")) {
          call(req, "getWorkerType", "queue:get-worker-type:" + prov + "/" + wt, pool, Set.of(), q -> workerType(prov, wt));
          return;
        }
        if (n == 5 && p.get(4).equals("workers") && m.equals("GET")) {
          call(req, "listWorkers", "queue:list-workers:" + prov + "/" + wt, pool,
              Set.of("continuationToken", "limit", "quarantined"), q -> listWorkers(prov, wt, q));
          return;
        }
        if (n == 7 && p.get(4).equals("workers")) {
          String wg = p.get(5);
          String wid = p.get(6);
          List<String[]> ids = List.of(pool.get(0), pool.get(1), new String[] {"workerGroup", wg},
              new String[] {"workerId", wid});
          String suffix = prov + "/" + wt + "/" + wg + "/" + wid;
          if (m.equals("GET")) {
            call(req, "getWorker", "queue:get-worker:" + suffix, ids, Set.of(), q -> queueWorker(prov, wt, wg, wid));
            return;
          }
          if (m.equals("PUT")) {
            quarantine(req, ids, prov, wt, wg, wid, suffix);
            return;
          }
        }
      }
    }
    if (n >= 2 && p.get(0).equals("pending") && m.equals("GET")) {
      // A wildcard route: the task queue id's slash comes raw (fleetroll, the MVP) or as %2F (the official clients).
      String queueId = String.join("/", p.subList(1, n));
      int slash = queueId.indexOf('/');
      String prov = slash < 0 ? queueId : queueId.substring(0, slash);
      String wt = slash < 0 ? "" : queueId.substring(slash + 1);
      call(req, "pendingTasks", "queue:pending-count:" + prov + "/" + wt,
          List.<String[]>of(new String[] {"provisionerId", prov}, new String[] {"workerType", wt}), Set.of(), q -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("provisionerId", prov);
            o.put("workerType", wt);
            o.put("taskQueueId", prov + "/" + wt);
            o.put("pendingTasks", queue.pendingCount(prov, wt));
            return o;
          });
      return;
    }
    if (n == 3 && p.get(0).equals("task") && p.get(2).equals("status") && m.equals("GET")) {
      String taskId = p.get(1);
      call(req, "status", "queue:status:" + taskId, List.<String[]>of(new String[] {"taskId", taskId}), Set.of(), q -> {
        ObjectNode o = JSON.createObjectNode();
        o.set("status", taskStatus(taskId));
        return o;
      });
      return;
    }
    if (n == 2 && p.get(0).equals("task") && m.equals("GET")) {
      String taskId = p.get(1);
      call(req, "task", "queue:get-task:" + taskId, List.<String[]>of(new String[] {"taskId", taskId}), Set.of(),
          q -> taskDefinition(taskId));
      return;
    }
    notFoundRoute(req.exchange());
  }

  private void workerManagerRoutes(Request req, List<String> p, String m) throws IOException {
    int n = p.size();
    if (n >= 5 && p.get(0).equals("provisioners") && p.get(2).equals("worker-types") && p.get(4).equals("workers")
        && m.equals("GET")) {
      String prov = p.get(1);
      String wt = p.get(3);
      List<String[]> pool = List.<String[]>of(new String[] {"provisionerId", prov}, new String[] {"workerType", wt});
      if (n == 5) {
        call(req, "listWorkers", "worker-manager:list-workers:" + prov + "/" + wt, pool,
            Set.of("continuationToken", "limit", "launchConfigId", "quarantined", "workerState"),
            q -> wmListWorkers(prov, wt, q));
        return;
      }
      if (n == 7) {
        String wg = p.get(5);
        String wid = p.get(6);
        List<String[]> ids = List.of(pool.get(0), pool.get(1), new String[] {"workerGroup", wg},
            new String[] {"workerId", wid});
        call(req, "getWorker", "worker-manager:get-worker:" + prov + "/" + wt + "/" + wg + "/" + wid, ids, Set.of(),
            q -> wmWorker(prov, wt, wg, wid));
        return;
      }
    }
    if (n >= 2 && p.get(0).equals("workers") && m.equals("GET")) {
      // Static hardware pools are not managed by worker-manager: it knows neither the pool nor its workers.
      String poolId = String.join("/", p.subList(1, Math.min(n, 3)));
      call(req, n <= 3 ? "listWorkersForWorkerPool" : "worker", "worker-manager:list-workers:" + poolId, List.of(),
          Set.of("continuationToken", "limit", "launchConfigId", "state"), q -> {
            throw ApiError.notFound("Worker Pool does not exist");
          });
      return;
    }
    notFoundRoute(req.exchange());
  }

  private interface Handler {
    JsonNode handle(Map<String, String> query) throws IOException;
  }

  /** GET endpoints: authenticate and authorize, then validate URL params and query, then handle. */
  private void call(Request req, String method, String scope, List<String[]> params, Set<String> queryKeys,
      Handler handler) throws IOException {
    Map<String, String> paramMap = paramMap(params);
    try {
      authorize(req, method, scope, null);
      validate(params);
      Map<String, String> query = query(req.rawQuery(), queryKeys);
      sendJson(req.exchange(), 200, handler.handle(query));
    } catch (ApiError e) {
      sendError(req.exchange(), method, paramMap, e);
    }
  }

  private void quarantine(Request req, List<String[]> ids, String prov, String wt, String wg, String wid, String suffix)
      throws IOException {
    String method = "quarantineWorker";
    Map<String, String> paramMap = paramMap(ids);
    JsonNode payload = null;
    try {
      String contentType = req.exchange().getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
        throw new ApiError(400, "MalformedPayload", "Payload must be JSON with content-type: application/json");
      }
      try {
        payload = JSON.readTree(req.body());
      } catch (IOException e) {
        throw new ApiError(400, "MalformedPayload", "Failed to parse JSON payload: " + e.getMessage());
      }
      if (payload == null) {
        throw new ApiError(400, "MalformedPayload", "Failed to parse JSON payload: empty body");
      }
      HawkVerifier.Caller caller = authorize(req, method, "queue:quarantine-worker:" + suffix, payload);
      validate(ids);
      query(req.rawQuery(), Set.of());
      String until = validateQuarantineBody(payload);
      Queue.Worker w = queue.quarantine(prov, wt, wg, wid, until,
          payload.hasNonNull("quarantineInfo") ? payload.get("quarantineInfo").asText() : null, caller.clientId());
      if (w == null) {
        throw ApiError.notFound("Worker with workerId `" + wid + "`, workerGroup `" + wg + "`, workerType `" + wt
            + "` and provisionerId `" + prov + "` not found. Are you sure it was created?");
      }
      sendJson(req.exchange(), 200, workerJson(w, false));
    } catch (ApiError e) {
      sendError(req.exchange(), method, paramMap, e, payload);
    }
  }

  private static String validateQuarantineBody(JsonNode payload) {
    List<String> problems = new ArrayList<>();
    if (!payload.isObject()) {
      problems.add("data must be object");
    } else {
      payload.fieldNames().forEachRemaining(f -> {
        if (!f.equals("quarantineUntil") && !f.equals("quarantineInfo")) {
          problems.add("data must NOT have additional properties (" + f + ")");
        }
      });
      JsonNode until = payload.get("quarantineUntil");
      if (until == null) {
        problems.add("data must have required property 'quarantineUntil'");
      } else if (!until.isTextual() || !isDateTime(until.asText())) {
        problems.add("data/quarantineUntil must match format \"date-time\"");
      }
      JsonNode info = payload.get("quarantineInfo");
      if (info != null && (!info.isTextual() || info.asText().length() > 4000)) {
        problems.add("data/quarantineInfo must be a string of at most 4000 characters");
      }
    }
    if (!problems.isEmpty()) {
      throw new ApiError(400, "InputValidationError", "Schema Validation Failed!\nRejecting Schema: "
          + "https://community-tc.services.mozilla.com/schemas/queue/v1/quarantine-worker-request.json#\nErrors:\n  * "
          + String.join("\n  * ", problems));
    }
    return payload.get("quarantineUntil").asText();
  }

  private static boolean isDateTime(String text) {
    try {
      java.time.OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private HawkVerifier.Caller authorize(Request req, String method, String scope, JsonNode payload) {
    HttpExchange ex = req.exchange();
    String header = ex.getRequestHeaders().getFirst("Authorization");
    HawkVerifier.Caller caller;
    if (header == null) {
      caller = new HawkVerifier.Caller(null, Scopes.ANONYMOUS);
    } else {
      String hostHeader = ex.getRequestHeaders().getFirst("Host");
      String host = hostHeader == null ? "127.0.0.1" : hostHeader;
      int port = 80;
      int colon = host.lastIndexOf(':');
      if (colon > 0 && !host.endsWith("]")) {
        port = Integer.parseInt(host.substring(colon + 1));
        host = host.substring(0, colon);
      }
      String forwardedPort = ex.getRequestHeaders().getFirst("X-Forwarded-Port");
      if (forwardedPort != null) {
        port = Integer.parseInt(forwardedPort);
      } else if ("https".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-Forwarded-Proto"))) {
        port = 443;
      }
      String resource = req.rawPath() + (req.rawQuery() == null ? "" : "?" + req.rawQuery());
      caller = HawkVerifier.authenticate(header, req.method(), resource, host, port,
          ex.getRequestHeaders().getFirst("Content-Type"), req.body(), queue.now(), clients::get);
    }
    if (!Scopes.satisfies(caller.scopes(), scope)) {
      String who = caller.clientId() == null ? "anonymous" : caller.clientId();
      throw new ApiError(403, "InsufficientScopes", "Client ID " + who
          + " does not have sufficient scopes and is missing the following scopes:\n\n```\n" + scope
          + "\n```\n\nThis request requires the client to satisfy the following scope expression:\n\n```\n" + scope
          + "\n```");
    }
    return caller;
  }

  private static void validate(List<String[]> params) {
    for (String[] p : params) {
      Pattern pattern = p[0].equals("taskId") ? TASK_ID : IDENT;
      if (p[0].equals("workerType") && p[1].contains("/")) {
        pattern = Pattern.compile("^[a-zA-Z0-9-_]{1,38}$");
      }
      if (!pattern.matcher(p[1]).matches()) {
        throw ApiError.badArguments("Invalid URL parameter " + p[0] + " = `" + p[1] + "`, it must match " + pattern.pattern());
      }
    }
  }

  private static Map<String, String> query(String rawQuery, Set<String> allowed) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!allowed.contains(key)) {
        throw ApiError.badArguments("Query-string parameter: " + key + " is not supported!");
      }
      boolean ok = switch (key) {
        case "limit" -> LIMIT.matcher(value).matches();
        case "quarantined" -> value.equals("true") || value.equals("false");
        case "workerState" -> Set.of("requested", "running", "stopping", "stopped").contains(value);
        case "continuationToken" -> !value.isEmpty();
        default -> true;
      };
      if (!ok) {
        throw ApiError.badArguments("Query-string parameter: " + key + "=\"" + value + "\" does not match the pattern");
      }
      query.put(key, value);
    }
    return query;
  }

  // ---- responses ----

  private JsonNode listProvisioners() {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("provisioners");
    queue.taskQueueIds().stream().map(id -> id.substring(0, id.indexOf('/'))).distinct()
        .forEach(p -> list.add(provisioner(p)));
    return o; // the real handler never returns a continuationToken here
  }

  private ObjectNode provisioner(String prov) {
    Instant last = queue.taskQueueIds().stream().filter(id -> id.startsWith(prov + "/"))
        .map(queue::taskQueueLastActive).max(Instant::compareTo)
        .orElseThrow(() -> ApiError.notFound("Provisioner " + prov + " not found"));
    ObjectNode o = JSON.createObjectNode();
    o.put("provisionerId", prov);
    o.put("description", "");
    o.put("stability", "experimental");
    o.put("expires", iso(last.plus(Duration.ofDays(5))));
    o.put("lastDateActive", iso(last));
    o.putArray("actions");
    return o;
  }

  private JsonNode listWorkerTypes(String prov) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("workerTypes");
    for (String id : queue.taskQueueIds()) {
      if (id.startsWith(prov + "/")) {
        ObjectNode wt = workerType(prov, id.substring(prov.length() + 1));
        wt.remove("actions");
        list.add(wt);
      }
    }
    return o;
  }

  private ObjectNode workerType(String prov, String wt) {
    Instant last = queue.taskQueueLastActive(prov + "/" + wt);
    if (last == null) {
      throw ApiError.notFound("workerType " + wt + " with provisionerId " + prov + " not found");
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("provisionerId", prov);
    o.put("workerType", wt);
    o.put("taskQueueId", prov + "/" + wt);
    o.put("description", "");
    o.put("stability", "experimental");
    o.put("expires", iso(last.plus(Duration.ofDays(5))));
    o.put("lastDateActive", iso(last));
    o.putArray("actions");
    return o;
  }

  private JsonNode listWorkers(String prov, String wt, Map<String, String> q) {
    List<Queue.Worker> all = queue.workers(prov, wt, false);
    int offset = offset(q.get("continuationToken"));
    int limit = limit(q.get("limit"));
    Instant now = queue.now();
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("workers");
    List<Queue.Worker> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    for (Queue.Worker w : page) {
      // Like the real service, the quarantined filter runs after the page was fetched.
      if (q.containsKey("quarantined") && Boolean.parseBoolean(q.get("quarantined")) != w.quarantined(now)) {
        continue;
      }
      ObjectNode item = list.addObject();
      item.put("workerGroup", w.workerGroup);
      item.put("workerId", w.workerId);
      item.put("firstClaim", iso(w.firstClaim));
      if (w.lastDateActive != null) {
        item.put("lastDateActive", iso(w.lastDateActive));
      }
      if (!w.recentTasks.isEmpty()) {
        latestTask(item, w);
      }
      if (w.quarantined(now)) {
        item.put("quarantineUntil", iso(w.quarantineUntil));
      }
    }
    if (offset + limit < all.size()) {
      o.put("continuationToken", token(offset + limit));
    }
    return o;
  }

  private JsonNode wmListWorkers(String prov, String wt, Map<String, String> q) {
    Instant now = queue.now();
    List<Queue.Worker> all = queue.workers(prov, wt, true).stream()
        .filter(w -> !"true".equals(q.get("quarantined")) || w.quarantined(now))
        .filter(w -> !q.containsKey("workerState")) // hardware workers are "standalone": never in these states
        .toList();
    int offset = offset(q.get("continuationToken"));
    int limit = limit(q.get("limit"));
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("workers");
    for (Queue.Worker w : all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit))) {
      ObjectNode item = list.addObject();
      item.put("workerGroup", w.workerGroup);
      item.put("workerId", w.workerId);
      item.put("workerPoolId", prov + "/" + wt);
      item.put("firstClaim", iso(w.firstClaim));
      if (w.lastDateActive != null) {
        item.put("lastDateActive", iso(w.lastDateActive));
      }
      item.put("quarantineUntil", iso(w.quarantineUntil));
      if (!w.recentTasks.isEmpty()) {
        latestTask(item, w);
      }
      item.put("state", "standalone");
      item.put("capacity", 0);
      item.put("providerId", "none");
    }
    if (offset + limit < all.size()) {
      o.put("continuationToken", token(offset + limit));
    }
    return o;
  }

  private JsonNode queueWorker(String prov, String wt, String wg, String wid) {
    Queue.Worker w = queue.visible(prov, wt, wg, wid);
    if (w == null) {
      throw ApiError.notFound("Worker with workerId `" + wid + "`, workerGroup `" + wg + "`, workerType `" + wt
          + "` and provisionerId `" + prov + "` not found. Are you sure it was created?");
    }
    return workerJson(w, false);
  }

  private JsonNode wmWorker(String prov, String wt, String wg, String wid) {
    Queue.Worker w = queue.visible(prov, wt, wg, wid);
    if (w == null) {
      throw ApiError.notFound("Worker not found");
    }
    return workerJson(w, true);
  }

  private ObjectNode workerJson(Queue.Worker w, boolean workerManager) {
    ObjectNode o = JSON.createObjectNode();
    synchronized (queue) {
      if (workerManager) {
        o.put("workerPoolId", w.provisionerId + "/" + w.workerType);
      }
      o.put("provisionerId", w.provisionerId);
      o.put("workerType", w.workerType);
      if (!workerManager) {
        o.put("taskQueueId", w.provisionerId + "/" + w.workerType);
      }
      o.put("workerGroup", w.workerGroup);
      o.put("workerId", w.workerId);
      if (workerManager) {
        o.put("providerId", "none");
        o.put("state", "standalone");
        o.put("capacity", 0);
      }
      ArrayNode recent = o.putArray("recentTasks");
      for (String[] t : w.recentTasks) {
        recent.addObject().put("taskId", t[0]).put("runId", Integer.parseInt(t[1]));
      }
      o.put("expires", iso(w.expires));
      o.put("firstClaim", iso(w.firstClaim));
      if (w.lastDateActive != null) {
        o.put("lastDateActive", iso(w.lastDateActive));
      }
      o.put("quarantineUntil", iso(w.quarantineUntil));
      if (workerManager) {
        ArrayNode details = o.putArray("quarantineDetails");
        for (Queue.QuarantineDetail d : w.quarantineDetails) {
          details.addObject().put("clientId", d.clientId()).put("updatedAt", iso(d.updatedAt()))
              .put("quarantineUntil", d.quarantineUntil()).put("quarantineInfo", d.quarantineInfo());
        }
      }
      o.putArray("actions");
    }
    return o;
  }

  private static void latestTask(ObjectNode item, Queue.Worker w) {
    String[] last = w.recentTasks.getLast();
    item.putObject("latestTask").put("taskId", last[0]).put("runId", Integer.parseInt(last[1]));
  }

  private ObjectNode taskStatus(String taskId) {
    Queue.Task t = queue.task(taskId).orElseThrow(() -> ApiError.notFound("Task " + taskId + " not found"));
    ObjectNode s = JSON.createObjectNode();
    synchronized (queue) {
      s.put("taskId", t.taskId);
      s.put("provisionerId", t.provisionerId);
      s.put("workerType", t.workerType);
      s.put("taskQueueId", t.provisionerId + "/" + t.workerType);
      s.put("schedulerId", "gecko-level-3");
      s.put("projectId", "none");
      s.put("taskGroupId", t.taskGroupId);
      s.put("deadline", iso(t.deadline));
      s.put("expires", iso(t.expires));
      s.put("retriesLeft", t.retriesLeft);
      s.put("state", t.state());
      ArrayNode runs = s.putArray("runs");
      for (Queue.Run r : t.runs) {
        ObjectNode run = runs.addObject();
        run.put("runId", r.runId);
        run.put("state", r.state);
        run.put("reasonCreated", r.reasonCreated);
        if (r.reasonResolved != null) {
          run.put("reasonResolved", r.reasonResolved);
        }
        if (r.workerGroup != null) {
          run.put("workerGroup", r.workerGroup);
          run.put("workerId", r.workerId);
        }
        if (r.takenUntil != null) {
          run.put("takenUntil", iso(r.takenUntil));
        }
        run.put("scheduled", iso(r.scheduled));
        if (r.started != null) {
          run.put("started", iso(r.started));
        }
        if (r.resolved != null) {
          run.put("resolved", iso(r.resolved));
        }
      }
    }
    s.put("priority", "low");
    return s;
  }

  private ObjectNode taskDefinition(String taskId) {
    Queue.Task t = queue.task(taskId).orElseThrow(() -> ApiError.notFound("Task " + taskId + " not found"));
    ObjectNode o = JSON.createObjectNode();
    o.put("provisionerId", t.provisionerId);
    o.put("workerType", t.workerType);
    o.put("taskQueueId", t.provisionerId + "/" + t.workerType);
    o.put("schedulerId", "gecko-level-3");
    o.put("projectId", "none");
    o.put("taskGroupId", t.taskGroupId);
    o.putArray("dependencies");
    o.put("requires", "all-completed");
    o.putArray("routes");
    o.put("priority", "low");
    o.put("retries", 5);
    o.put("created", iso(t.created));
    o.put("deadline", iso(t.deadline));
    o.put("expires", iso(t.expires));
    o.putArray("scopes");
    o.putObject("payload").put("maxRunTime", 1800);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", t.name);
    meta.put("description", "simulated talos task");
    meta.put("owner", "sim@mozilla.com");
    meta.put("source", "https://hg.mozilla.org/mozilla-central");
    o.putArray("tags");
    o.putObject("extra");
    return o;
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return text.startsWith("offset:") ? Integer.parseInt(text.substring(7)) : 0;
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "InputError", "Invalid continuationToken");
    }
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int limit(String value) {
    if (value == null) {
      return MAX_LIMIT;
    }
    int n = Integer.parseInt(value);
    return n <= 0 ? MAX_LIMIT : Math.min(n, MAX_LIMIT);
  }

  static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z")
        .replaceFirst("(\\.\\d)Z$", "$100Z").replaceFirst("(\\.\\d\\d)Z$", "$10Z");
  }

  private static Map<String, String> paramMap(List<String[]> params) {
    Map<String, String> m = new LinkedHashMap<>();
    params.forEach(p -> m.put(p[0], p[1]));
    return m;
  }

  private void notFoundRoute(HttpExchange exchange) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", "Not found");
    sendJson(exchange, 404, o);
  }

  private void sendError(HttpExchange exchange, String method, Map<String, String> params, ApiError e) throws IOException {
    sendError(exchange, method, params, e, null);
  }

  private void sendError(HttpExchange exchange, String method, Map<String, String> params, ApiError e, JsonNode payload)
      throws IOException {
    String time = iso(queue.now());
    ObjectNode o = JSON.createObjectNode();
    o.put("code", e.code);
    o.put("message", e.getMessage() + "\n\n---\n\n* method:     " + method + "\n* errorCode:  " + e.code
        + "\n* statusCode: " + e.status + "\n* time:       " + time);
    ObjectNode info = o.putObject("requestInfo");
    info.put("method", method);
    ObjectNode ps = info.putObject("params");
    params.forEach(ps::put);
    info.set("payload", payload == null ? JSON.createObjectNode() : payload);
    info.put("time", time);
    if (e.status == 401) {
      exchange.getResponseHeaders().add("www-authenticate", "hawk");
    }
    sendJson(exchange, e.status, o);
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
