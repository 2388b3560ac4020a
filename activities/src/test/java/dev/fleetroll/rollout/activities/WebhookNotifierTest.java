package dev.fleetroll.rollout.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.json.Json;
import dev.fleetroll.rollout.notify.RolloutNotification;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookNotifierTest {

  private static final RolloutNotification PAUSED = new RolloutNotification(RolloutNotification.PAUSED_ON_GATE,
      "rollout-fix-20261123-0931", "fix", "paused-on-gate", "canary", Instant.parse("2026-11-23T10:00:00Z"), 20, 2, 0,
      "rollout rollout-fix-20261123-0931 is paused at the end of canary",
      List.of("success_rate_min fail: 0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)"));

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

  @Test
  void postsTheNotificationAsJson() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(204));
    WebhookNotifier notifier = new WebhookNotifier(server.url("/hooks/T0K3N").toString());

    notifier.notify(PAUSED);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = Json.MAPPER.readTree(request.getBody().readUtf8());
    assertThat(body.get("event").asText()).isEqualTo("paused-on-gate");
    assertThat(body.get("rollout_id").asText()).isEqualTo("rollout-fix-20261123-0931");
    assertThat(body.get("at").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(body.get("failing_gates").get(0).asText()).startsWith("success_rate_min fail");
    assertThat(body.get("text").asText()).isEqualTo("rollout rollout-fix-20261123-0931 is paused at the end of canary\n"
        + "✗ success_rate_min fail: 0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)");
    assertThat(notifier.target()).doesNotContain("T0K3N");
  }

  @Test
  void aServerErrorIsRetriedAClientErrorIsNot() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(404));
    WebhookNotifier notifier = new WebhookNotifier(server.url("/hook").toString());

    assertThatThrownBy(() -> notifier.notify(PAUSED)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.isNonRetryable()).isFalse()).hasMessageContaining("HTTP 503");
    assertThatThrownBy(() -> notifier.notify(PAUSED)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.isNonRetryable()).isTrue()).hasMessageContaining("HTTP 404");
  }

  @Test
  void withoutAWebhookItOnlyLogs() {
    WebhookNotifier notifier = new WebhookNotifier("");

    notifier.notify(PAUSED);

    assertThat(notifier.target()).isEqualTo("log only");
    assertThat(server.getRequestCount()).isZero();
  }
}
