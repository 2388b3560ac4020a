package dev.fleetroll.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reads branch heads from the GitHub REST API ({@code GET /repos/{owner}/{repo}/branches/{branch}})
 * with conditional requests: given the ETag of the last answer, an unchanged branch costs a 304,
 * which GitHub does not count against the rate limit. The token ({@code GITHUB_TOKEN}) is optional
 * (anonymous: 60 requests an hour). The rate limit is honoured: once GitHub says it is spent
 * ({@code X-RateLimit-Remaining: 0}, or a 403/429 with {@code Retry-After}), no request is sent until
 * it resets; the last limit seen is kept for the caller to show when it runs low.
 */
public final class GitHubClient {

  public static final String DEFAULT_API_URL = "https://api.github.com";

  /** Where the API is and who we are. The token is never logged or stored. */
  public record Settings(String apiUrl, String token) {
    public static Settings fromEnvironment(Map<String, String> env) {
      String url = env.getOrDefault("GITHUB_API_URL", "");
      String token = env.getOrDefault("GITHUB_TOKEN", "");
      return new Settings(url.isBlank() ? DEFAULT_API_URL : url.replaceAll("/+$", ""), token.isBlank() ? null : token);
    }

    @Override
    public String toString() {
      return apiUrl + (token == null ? " (anonymous)" : " (with a token)");
    }
  }

  /** What GitHub answered about one branch. */
  public record Answer(Kind kind, String sha, String etag, String message, RateLimit rateLimit) {
    public enum Kind { HEAD, NOT_MODIFIED, NOT_FOUND, RATE_LIMITED, FAILED }
  }

  private final Settings settings;
  private final OkHttpClient http;
  private final Clock clock;
  private volatile RateLimit rateLimit;
  private volatile Instant blockedUntil = Instant.EPOCH;

  public GitHubClient(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  GitHubClient(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
  }

  public Settings settings() {
    return settings;
  }

  /** The rate limit of GitHub's last answer, or null before the first. */
  public RateLimit rateLimit() {
    return rateLimit;
  }

  /** The head of {@code ref}; {@code etag} (may be null) makes the request conditional. */
  public Answer branch(BranchRef ref, String etag) {
    Instant now = clock.instant();
    if (now.isBefore(blockedUntil)) {
      return new Answer(Answer.Kind.RATE_LIMITED, null, null, "rate limit spent until " + blockedUntil, rateLimit);
    }
    HttpUrl url = HttpUrl.get(settings.apiUrl()).newBuilder().addPathSegment("repos").addPathSegment(ref.owner())
        .addPathSegment(ref.repo()).addPathSegment("branches").addPathSegments(ref.branch()).build();
    Request.Builder request = new Request.Builder().url(url)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", "fleetroll");
    if (settings.token() != null) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      RateLimit limit = rateLimit(response);
      if (limit != null) {
        rateLimit = limit;
        if (limit.remaining() <= 0) {
          blockedUntil = limit.reset();
        }
      }
      int status = response.code();
      String body = body(response);
      if (status == 304) {
        return new Answer(Answer.Kind.NOT_MODIFIED, null, etag, null, rateLimit);
      }
      if (status == 200) {
        String sha = Json.MAPPER.readTree(body).path("commit").path("sha").asText(null);
        if (sha == null) {
          return new Answer(Answer.Kind.FAILED, null, null, "no commit.sha in GitHub's answer", rateLimit);
        }
        return new Answer(Answer.Kind.HEAD, sha, response.header("ETag"), null, rateLimit);
      }
      String message = message(body);
      String retryAfter = response.header("Retry-After");
      boolean spent = limit != null && limit.remaining() <= 0;
      if ((status == 403 || status == 429) && (retryAfter != null || spent)) {
        if (retryAfter != null && retryAfter.strip().matches("\\d+")) {
          Instant until = now.plus(Duration.ofSeconds(Long.parseLong(retryAfter.strip())));
          blockedUntil = until.isAfter(blockedUntil) ? until : blockedUntil;
        }
        return new Answer(Answer.Kind.RATE_LIMITED, null, null, status + " " + message + " (no request until "
            + blockedUntil + ")", rateLimit);
      }
      if (status == 404) {
        return new Answer(Answer.Kind.NOT_FOUND, null, null, message, rateLimit);
      }
      return new Answer(Answer.Kind.FAILED, null, null, "GitHub answered " + status + ": " + message, rateLimit);
    } catch (IOException e) {
      return new Answer(Answer.Kind.FAILED, null, null, "cannot reach " + settings.apiUrl() + ": " + e.getMessage(), rateLimit);
    }
  }

  private static String body(Response response) throws IOException {
    ResponseBody b = response.body();
    return b == null ? "" : b.string();
  }

  /** GitHub's error bodies are {@code {"message": ..., "documentation_url": ...}}. */
  private static String message(String body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n != null && n.hasNonNull("message") ? n.get("message").asText() : body;
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  private static RateLimit rateLimit(Response response) {
    String limit = response.header("X-RateLimit-Limit");
    String remaining = response.header("X-RateLimit-Remaining");
    String reset = response.header("X-RateLimit-Reset");
    if (limit == null || remaining == null || reset == null) {
      return null;
    }
    try {
      return new RateLimit(Integer.parseInt(limit.strip()), Integer.parseInt(remaining.strip()),
          Instant.ofEpochSecond(Long.parseLong(reset.strip())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
