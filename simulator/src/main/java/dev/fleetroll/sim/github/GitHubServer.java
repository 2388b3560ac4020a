package dev.fleetroll.sim.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated GitHub's REST API on 127.0.0.1, serving what Fleetroll and official clients read of
 * a Puppet repository: {@code GET /repos/{owner}/{repo}}, {@code GET /repos/{owner}/{repo}/branches/{branch}}
 * and {@code GET /rate_limit}, as api.github.com does: the JSON fields of a branch, weak ETags and
 * {@code 304 Not Modified} on {@code If-None-Match}, the {@code X-RateLimit-*} headers with the real
 * limits (60 requests an hour anonymous, 5,000 with a token; a 304 counts only when anonymous), a
 * {@code 403} when the limit is spent, and GitHub's error bodies ({@code message},
 * {@code documentation_url}, {@code status}). One token is valid (the fleet's {@code github.env} has it);
 * any other gets GitHub's {@code 401 Bad credentials}.
 */
public final class GitHubServer implements AutoCloseable {
  public static final int ANONYMOUS_LIMIT = 60;
  public static final int TOKEN_LIMIT = 5000;
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final Pattern URL = Pattern.compile(
      "^(?:https?://(?:[^@/]+@)?github\\.com/|git@github\\.com:)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");
  private static final String BRANCH_DOCS = "https://docs.github.com/rest/branches/branches#get-a-branch";

  private final GitHub github;
  private final String token;
  private final HttpServer server;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private volatile int anonymousLimit = ANONYMOUS_LIMIT;

  /** One client's rate-limit window (per token, or per address when anonymous). */
  private static final class Window {
    Instant reset;
    int used;
  }

  /** @param token the one valid token */
  public GitHubServer(GitHub github, String token) throws IOException {
    this(github, token, Clock.systemUTC());
  }

  GitHubServer(GitHub github, String token, Clock clock) throws IOException {
    this.github = github;
    this.token = token;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** What clients set GITHUB_API_URL (PyGithub's base_url) to. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Lowers the anonymous limit (to see a spent limit without 60 requests); GitHub's is 60. */
  public void setAnonymousLimit(int limit) {
    anonymousLimit = limit;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("X-GitHub-Request-Id", UUID.randomUUID().toString().toUpperCase());
      ex.getResponseHeaders().add("X-GitHub-Api-Version-Selected", "2022-11-28");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String token = auth == null ? null : auth.replaceFirst("(?i)^(bearer|token)\\s+", "").strip();
      boolean anonymous = token == null || token.isEmpty();
      if (!anonymous && !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), this.token.getBytes(StandardCharsets.UTF_8))) {
        send(ex, 401, error("Bad credentials", "https://docs.github.com/rest", 401), null);
        return;
      }
      List<String> path = segments(ex.getRequestURI().getRawPath());
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        send(ex, 404, error("Not Found", "https://docs.github.com/rest", 404), null);
        return;
      }
      if (path.equals(List.of("rate_limit"))) {
        rateLimit(ex, anonymous, token, false);
        send(ex, 200, rateLimitBody(window(ex, anonymous, token), limit(anonymous)), null);
        return;
      }
      Window w = window(ex, anonymous, token);
      synchronized (w) {
        if (w.used >= limit(anonymous)) {
          rateLimit(ex, anonymous, token, false);
          send(ex, 403, error(anonymous
              ? "API rate limit exceeded for " + ex.getRemoteAddress().getAddress().getHostAddress()
                  + ". (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"
              : "API rate limit exceeded for user ID 1.",
              "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting", 403), null);
          return;
        }
      }
      if (path.size() >= 3 && path.get(0).equals("repos") && repoExists(path.get(1), path.get(2))) {
        String owner = path.get(1);
        String repo = path.get(2);
        if (path.size() == 3) {
          answer(ex, anonymous, token, repo(owner, repo));
          return;
        }
        if (path.size() >= 5 && path.get(3).equals("branches")) {
          String branch = String.join("/", path.subList(4, path.size()));
          Optional<GitHub.Branch> b = branch(owner, repo, branch);
          if (b.isPresent()) {
            answer(ex, anonymous, token, branch(owner, repo, b.get()));
          } else {
            count(ex, anonymous, token);
            rateLimit(ex, anonymous, token, true);
            send(ex, 404, error("Branch not found", BRANCH_DOCS, 404), null);
          }
          return;
        }
      }
      count(ex, anonymous, token);
      rateLimit(ex, anonymous, token, true);
      send(ex, 404, error("Not Found", path.size() >= 4 && path.get(3).equals("branches") ? BRANCH_DOCS
          : "https://docs.github.com/rest", 404), null);
    } catch (RuntimeException e) {
      send(ex, 500, error("Server Error", "https://docs.github.com/rest", 500), null);
    }
  }

  /** A 200 with its ETag, or a 304 when the client's If-None-Match still matches. */
  private void answer(HttpExchange ex, boolean anonymous, String token, Map<String, Object> body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    String etag = "W/\"" + sha256(bytes) + "\"";
    ex.getResponseHeaders().add("ETag", etag);
    ex.getResponseHeaders().add("Cache-Control", (anonymous ? "public" : "private") + ", max-age=60, s-maxage=60");
    ex.getResponseHeaders().add("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding");
    String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
    boolean notModified = ifNoneMatch != null && matches(ifNoneMatch, etag);
    // GitHub: a 304 to a correctly authorized conditional request does not count against the limit.
    if (!notModified || anonymous) {
      count(ex, anonymous, token);
    }
    rateLimit(ex, anonymous, token, true);
    if (notModified) {
      ex.sendResponseHeaders(304, -1);
      return;
    }
    send(ex, 200, null, bytes);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    String ours = etag.replaceFirst("^W/", "");
    return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
        .anyMatch(t -> t.equals("*") || t.replaceFirst("^W/", "").equals(ours));
  }

  private boolean repoExists(String owner, String repo) {
    return github.branches().stream().anyMatch(b -> sameRepo(b.repo(), owner, repo));
  }

  private Optional<GitHub.Branch> branch(String owner, String repo, String branch) {
    return github.branches().stream().filter(b -> sameRepo(b.repo(), owner, repo) && b.branch().equals(branch)).findFirst();
  }

  private static boolean sameRepo(String url, String owner, String repo) {
    Matcher m = URL.matcher(url);
    return m.matches() && m.group(1).equalsIgnoreCase(owner) && m.group(2).equalsIgnoreCase(repo);
  }

  private Map<String, Object> repo(String owner, String repo) {
    String api = apiUrl() + "/repos/" + owner + "/" + repo;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("login", owner);
    o.put("id", Math.abs(owner.hashCode()));
    o.put("node_id", "O_" + HexFormat.of().toHexDigits(owner.hashCode()));
    o.put("url", apiUrl() + "/users/" + owner);
    o.put("html_url", "https://github.com/" + owner);
    o.put("type", "Organization");
    o.put("site_admin", false);
    Instant pushed = github.branches().stream().filter(b -> sameRepo(b.repo(), owner, repo)).map(GitHub.Branch::pushedAt)
        .max(Instant::compareTo).orElse(Instant.EPOCH);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", Math.abs((owner + "/" + repo).hashCode()));
    r.put("node_id", "R_" + HexFormat.of().toHexDigits((owner + "/" + repo).hashCode()));
    r.put("name", repo);
    r.put("full_name", owner + "/" + repo);
    r.put("private", false);
    r.put("owner", o);
    r.put("html_url", "https://github.com/" + owner + "/" + repo);
    r.put("description", "Puppet for the RelOps-managed CI workers");
    r.put("fork", false);
    r.put("url", api);
    r.put("branches_url", api + "/branches{/branch}");
    r.put("commits_url", api + "/commits{/sha}");
    r.put("git_url", "git://github.com/" + owner + "/" + repo + ".git");
    r.put("clone_url", "https://github.com/" + owner + "/" + repo + ".git");
    r.put("created_at", "2019-01-01T00:00:00Z");
    r.put("updated_at", pushed.toString());
    r.put("pushed_at", pushed.toString());
    r.put("default_branch", GitHub.DEFAULT_BRANCH);
    r.put("visibility", "public");
    r.put("archived", false);
    r.put("disabled", false);
    return r;
  }

  private Map<String, Object> branch(String owner, String repo, GitHub.Branch b) {
    String api = apiUrl() + "/repos/" + owner + "/" + repo;
    String html = "https://github.com/" + owner + "/" + repo;
    Map<String, Object> person = new LinkedHashMap<>();
    person.put("name", "RelOps");
    person.put("email", "relops@mozilla.com");
    person.put("date", b.pushedAt().toString());
    Map<String, Object> verification = new LinkedHashMap<>();
    verification.put("verified", false);
    verification.put("reason", "unsigned");
    verification.put("signature", null);
    verification.put("payload", null);
    verification.put("verified_at", null);
    Map<String, Object> gitCommit = new LinkedHashMap<>();
    gitCommit.put("author", person);
    gitCommit.put("committer", person);
    gitCommit.put("message", b.branch() + ": revision " + b.revision());
    String tree = GitHub.sha(b.repo(), b.branch() + "^{tree}", b.revision());
    gitCommit.put("tree", Map.of("sha", tree, "url", api + "/git/trees/" + tree));
    gitCommit.put("url", api + "/git/commits/" + b.sha());
    gitCommit.put("comment_count", 0);
    gitCommit.put("verification", verification);
    Map<String, Object> commit = new LinkedHashMap<>();
    commit.put("sha", b.sha());
    commit.put("node_id", "C_" + b.sha().substring(0, 20));
    commit.put("commit", gitCommit);
    commit.put("url", api + "/commits/" + b.sha());
    commit.put("html_url", html + "/commit/" + b.sha());
    commit.put("comments_url", api + "/commits/" + b.sha() + "/comments");
    commit.put("author", null);
    commit.put("committer", null);
    List<Map<String, Object>> parents = b.revision() <= 1 ? List.of() : List.of(Map.of(
        "sha", GitHub.sha(b.repo(), b.branch(), b.revision() - 1),
        "url", api + "/commits/" + GitHub.sha(b.repo(), b.branch(), b.revision() - 1),
        "html_url", html + "/commit/" + GitHub.sha(b.repo(), b.branch(), b.revision() - 1)));
    commit.put("parents", parents);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", b.branch());
    out.put("commit", commit);
    out.put("_links", Map.of("self", api + "/branches/" + b.branch(), "html", html + "/tree/" + b.branch()));
    out.put("protected", false);
    out.put("protection", Map.of("enabled", false, "required_status_checks",
        Map.of("enforcement_level", "off", "contexts", List.of(), "checks", List.of())));
    out.put("protection_url", api + "/branches/" + b.branch() + "/protection");
    return out;
  }

  private static Map<String, Object> error(String message, String docs, int status) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("documentation_url", docs);
    e.put("status", String.valueOf(status));
    return e;
  }

  private int limit(boolean anonymous) {
    return anonymous ? anonymousLimit : TOKEN_LIMIT;
  }

  private Window window(HttpExchange ex, boolean anonymous, String token) {
    String who = anonymous ? "ip:" + ex.getRemoteAddress().getAddress().getHostAddress() : "token:" + sha256(token.getBytes(StandardCharsets.UTF_8));
    Window w = windows.computeIfAbsent(who, k -> new Window());
    synchronized (w) {
      Instant now = clock.instant();
      if (w.reset == null || !now.isBefore(w.reset)) {
        w.reset = now.plus(WINDOW).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        w.used = 0;
      }
    }
    return w;
  }

  private void count(HttpExchange ex, boolean anonymous, String token) {
    Window w = window(ex, anonymous, token);
    synchronized (w) {
      w.used++;
    }
  }

  private void rateLimit(HttpExchange ex, boolean anonymous, String token, boolean core) {
    Window w = window(ex, anonymous, token);
    synchronized (w) {
      int limit = limit(anonymous);
      ex.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(limit));
      ex.getResponseHeaders().add("X-RateLimit-Remaining", String.valueOf(Math.max(0, limit - w.used)));
      ex.getResponseHeaders().add("X-RateLimit-Reset", String.valueOf(w.reset.getEpochSecond()));
      ex.getResponseHeaders().add("X-RateLimit-Used", String.valueOf(w.used));
      ex.getResponseHeaders().add("X-RateLimit-Resource", "core");
    }
  }

  private static Map<String, Object> rateLimitBody(Window w, int limit) {
    Map<String, Object> core = new LinkedHashMap<>();
    synchronized (w) {
      core.put("limit", limit);
      core.put("used", w.used);
      core.put("remaining", Math.max(0, limit - w.used));
      core.put("reset", w.reset.getEpochSecond());
    }
    return Map.of("resources", Map.of("core", core), "rate", core);
  }

  private static void send(HttpExchange ex, int status, Object body, byte[] raw) throws IOException {
    byte[] bytes = raw != null ? raw : JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
