package dev.fleetroll.rollout.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications: logged by the worker, and POSTed as JSON to the webhook (FLEETROLL_NOTIFY_WEBHOOK) when
 * one is configured. The body is the notification's fields plus {@code text} (the summary and one line per
 * failing gate), which chat webhooks (Slack, Matrix hookshot) show as the message.
 */
public final class WebhookNotificationActivities implements NotificationActivities {

  /** The failure type of an undeliverable notification (retried a few times by the workflow). */
  public static final String NOT_DELIVERED = "NotificationNotDelivered";

  private static final Logger log = LoggerFactory.getLogger(WebhookNotificationActivities.class);

  private final URI webhook;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** @param webhook where to POST, null to only log */
  public WebhookNotificationActivities(URI webhook) {
    this.webhook = webhook;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public void notify(RolloutNotification n) {
    String text = text(n);
    log.info("Notification {} for {}: {}", n.event(), n.rolloutId(), text.replace('\n', ' '));
    if (webhook == null) {
      return;
    }
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(webhook)
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body(n, text))))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure("the webhook answered " + response.statusCode() + " to the " + n.event()
            + " notification", NOT_DELIVERED);
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("the webhook could not be reached: " + e.getMessage(), NOT_DELIVERED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while notifying", NOT_DELIVERED);
    }
  }

  static String text(RolloutNotification n) {
    StringBuilder text = new StringBuilder(n.summary() == null ? n.event() : n.summary());
    if (n.failingGates() != null) {
      n.failingGates().forEach(g -> text.append("\n✗ ").append(g));
    }
    return text.toString();
  }

  private static Map<String, Object> body(RolloutNotification n, String text) {
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
    body.put("failing_gates", n.failingGates());
    return body;
  }
}
