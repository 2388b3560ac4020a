package dev.fleetroll.rollout.activities;

import dev.fleetroll.json.Json;
import dev.fleetroll.rollout.notify.NotificationActivities;
import dev.fleetroll.rollout.notify.RolloutNotification;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every rollout (and finalize) notification and posts it as JSON to the webhook
 * (FLEETROLL_NOTIFY_WEBHOOK), when one is configured; the body's {@code text} reads as a chat message. A webhook URL often carries its own token (Slack, Matrix...), so it is never
 * logged: only its host is.
 */
public final class WebhookNotifier implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl webhook;
  private final OkHttpClient http;

  /** @param webhook the URL to post to; null or blank: log only */
  public WebhookNotifier(String webhook) {
    this(webhook, new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build());
  }

  WebhookNotifier(String webhook, OkHttpClient http) {
    this.webhook = webhook == null || webhook.isBlank() ? null : parse(webhook);
    this.http = http;
  }

  private static HttpUrl parse(String url) {
    HttpUrl parsed = HttpUrl.parse(url.trim());
    if (parsed == null) {
      throw new IllegalArgumentException("FLEETROLL_NOTIFY_WEBHOOK is not an http(s) URL");
    }
    return parsed;
  }

  /** Where notifications go, without the URL's path and query (they may hold a token). */
  public String target() {
    return webhook == null ? "log only" : webhook.scheme() + "://" + webhook.host() + ":" + webhook.port() + "/...";
  }

  /** The summary and one line per failing gate: what a chat webhook shows as the message. */
  static String text(RolloutNotification n) {
    StringBuilder text = new StringBuilder(n.summary() == null ? n.event() : n.summary());
    if (n.failingGates() != null) {
      n.failingGates().forEach(g -> text.append("\n✗ ").append(g));
    }
    return text.toString();
  }

  /** The notification's fields (snake_case) plus {@code text}, which Slack and Matrix hookshot display. */
  static Map<String, Object> body(RolloutNotification n, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("event", n.event());
    body.put("rollout_id", n.rolloutId());
    body.put("name", n.name());
    body.put("status", n.status());
    body.put("stage", n.stage());
    body.put("at", n.at());
    body.put("total", n.total());
    body.put("succeeded", n.succeeded());
    body.put("failed", n.failed());
    body.put("summary", n.summary());
    body.put("failing_gates", n.failingGates() == null ? List.of() : n.failingGates());
    return body;
  }

  @Override
  public void notify(RolloutNotification n) {
    String text = text(n);
    log.info("Notification {} for {}: {}", n.event(), n.rolloutId(), text.replace('\n', ' '));
    if (webhook == null) {
      return;
    }
    Request request = new Request.Builder().url(webhook).post(RequestBody.create(Json.write(body(n, text)), JSON)).build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        // 4xx will not get better by retrying; 5xx might.
        String message = "the webhook at " + webhook.host() + " answered HTTP " + response.code();
        if (response.code() >= 400 && response.code() < 500) {
          throw ApplicationFailure.newNonRetryableFailure(message, "WebhookRefused");
        }
        throw ApplicationFailure.newFailure(message, "WebhookFailed");
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("the webhook at " + webhook.host() + " could not be reached: " + e.getMessage(),
          "WebhookUnreachable");
    }
  }
}
