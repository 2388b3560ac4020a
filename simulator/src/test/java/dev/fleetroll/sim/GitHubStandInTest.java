package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.sim.github.GitHub;
import dev.fleetroll.sim.github.GitHubServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated GitHub's REST API, checked with the official Python client (PyGithub, installed from
 * PyPI into a virtualenv under target/) and over plain HTTP for the rate limit.
 */
class GitHubStandInTest {
  private static final String REPO = "https://github.com/relops-e2e/ronin_puppet.git";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "ghp_simulated0123456789";

  @TempDir Path dir;
  private GitHub github;
  private GitHubServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    github = new GitHub(dir.resolve("heads"));
    server = new GitHubServer(github, TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void officialClientReadsABranchHeadAndGets304OnARepeatedConditionalRequest() throws Exception {
    github.push(REPO, "aerickson/san-juan");
    String head = github.push(REPO, "aerickson/san-juan");

    Map<String, JsonNode> checks = pygithub("relops-e2e", "ronin_puppet", "aerickson/san-juan");

    assertThat(checks.get("repo").get("full_name").asText()).isEqualTo("relops-e2e/ronin_puppet");
    JsonNode branch = checks.get("branch");
    assertThat(branch.get("name").asText()).isEqualTo("aerickson/san-juan");
    assertThat(branch.get("sha").asText()).isEqualTo(head);
    assertThat(branch.get("parents").get(0).asText()).isEqualTo(GitHub.sha(REPO, "aerickson/san-juan", 1));
    assertThat(branch.get("etag").asText()).startsWith("W/\"");
    assertThat(checks.get("branch-conditional").get("status").asInt()).isEqualTo(304);
    assertThat(checks.get("repo-update").get("changed").asBoolean()).isFalse();
    assertThat(checks.get("missing-branch").get("status").asInt()).isEqualTo(404);
    assertThat(checks.get("missing-branch").get("message").asText()).isEqualTo("Branch not found");
    assertThat(checks.get("missing-repo").get("status").asInt()).isEqualTo(404);
    assertThat(checks.get("missing-repo").get("message").asText()).isEqualTo("Not Found");
    JsonNode rate = checks.get("rate-limit");
    assertThat(rate.get("limit").asInt()).isEqualTo(GitHubServer.ANONYMOUS_LIMIT);
    assertThat(rate.get("remaining").asInt()).isBetween(1, GitHubServer.ANONYMOUS_LIMIT - 5);
  }

  @Test
  void aMovedHeadAnswersTheNewCommitToTheOldEtag() throws Exception {
    github.push(REPO, "topic");
    HttpResponse<String> first = get("/repos/relops-e2e/ronin_puppet/branches/topic", null, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/repos/relops-e2e/ronin_puppet/branches/topic", etag, null).statusCode()).isEqualTo(304);

    String moved = github.push(REPO, "topic");

    HttpResponse<String> after = get("/repos/relops-e2e/ronin_puppet/branches/topic", etag, null);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(after.body()).path("commit").path("sha").asText()).isEqualTo(moved);
    assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
  }

  @Test
  void aSpentRateLimitIsRefusedWith403UntilItResetsAndAuthorized304sAreFree() throws Exception {
    server.setAnonymousLimit(3);
    github.push(REPO, "topic");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = get("/repos/relops-e2e/ronin_puppet/branches/topic", null, null);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-RateLimit-Remaining").orElseThrow()).isEqualTo(String.valueOf(2 - i));
    }
    HttpResponse<String> refused = get("/repos/relops-e2e/ronin_puppet/branches/topic", null, null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow()).isEqualTo("0");
    assertThat(Long.parseLong(refused.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
        .isGreaterThan(System.currentTimeMillis() / 1000);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).startsWith("API rate limit exceeded");

    assertThat(get("/repos/relops-e2e/ronin_puppet/branches/topic", null, "ghp_wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> withToken = get("/repos/relops-e2e/ronin_puppet/branches/topic", null, TOKEN);
    String etag = withToken.headers().firstValue("ETag").orElseThrow();
    String remaining = withToken.headers().firstValue("X-RateLimit-Remaining").orElseThrow();
    assertThat(withToken.headers().firstValue("X-RateLimit-Limit").orElseThrow()).isEqualTo("5000");
    HttpResponse<String> notModified = get("/repos/relops-e2e/ronin_puppet/branches/topic", etag, TOKEN);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.headers().firstValue("X-RateLimit-Remaining").orElseThrow()).isEqualTo(remaining);
  }

  private HttpResponse<String> get(String path, String etag, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.apiUrl() + path)).header("Accept", "application/vnd.github+json");
    if (etag != null) {
      r.header("If-None-Match", etag);
    }
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Runs check.py with PyGithub from a virtualenv in target/ (created once, from requirements.txt). */
  private Map<String, JsonNode> pygithub(String owner, String repo, String branch) throws Exception {
    Path venv = Path.of("target/pygithub-venv").toAbsolutePath();
    Path python = venv.resolve("bin/python");
    Path requirements = Path.of("src/test/python/pygithub/requirements.txt").toAbsolutePath();
    Path installed = venv.resolve("installed-requirements.txt");
    if (!Files.exists(installed) || !Files.readString(installed).equals(Files.readString(requirements))) {
      run(Map.of(), "python3", "-m", "venv", "--clear", venv.toString());
      run(Map.of(), python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements.toString());
      Files.copy(requirements, installed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    String out = run(Map.of("GITHUB_API_URL", server.apiUrl()), python.toString(),
        Path.of("src/test/python/pygithub/check.py").toAbsolutePath().toString(), owner, repo, branch);
    Map<String, JsonNode> checks = new HashMap<>();
    for (String line : out.lines().toList()) {
      JsonNode n = JSON.readTree(line);
      checks.put(n.get("check").asText(), n);
    }
    return checks;
  }

  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(false);
    pb.environment().remove("GITHUB_TOKEN");
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] err;
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out + new String(err, StandardCharsets.UTF_8)).isZero();
    return out;
  }
}
