package dev.fleetroll.rollout.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class WebhookNotificationActivitiesTest {

  private static final RolloutNotification PAUSED = new RolloutNotification("finalize-paused-on-regression",
      "rollout-fix-20261123-0931", "finalize-rollout-fix-20261123-0931", "paused-on-regression", null,
      Instant.parse("2026-11-23T10:00:00Z"), 3, 3, 0, "Finalize paused", List.of("success_rate_min: 0.20 < 0.90"));

  @Test
  void postsTheNotificationAsJsonWithAChatText() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      new WebhookNotificationActivities(server.url("/hook").uri()).notify(PAUSED);

      RecordedRequest request = server.takeRequest();
      String body = request.getBody().readUtf8();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(body).contains("\"text\":\"Finalize paused\\n✗ success_rate_min: 0.20 < 0.90\"")
          .contains("\"rollout_id\":\"rollout-fix-20261123-0931\"").contains("\"at\":\"2026-11-23T10:00:00Z\"");
    }
  }

  @Test
  void aWebhookThatRefusesIsARetryableFailure() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(503));
      assertThatThrownBy(() -> new WebhookNotificationActivities(server.url("/hook").uri()).notify(PAUSED))
          .isInstanceOf(ApplicationFailure.class).hasMessageContaining("503")
          .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isFalse());
    }
  }

  @Test
  void withoutAWebhookItOnlyLogs() {
    new WebhookNotificationActivities(null).notify(PAUSED);
  }
}
