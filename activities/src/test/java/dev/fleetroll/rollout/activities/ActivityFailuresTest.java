package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.host.StepFailures;
import dev.fleetroll.taskcluster.TaskclusterException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class ActivityFailuresTest {

  @Test
  void taskclustersRetryAfterIsTheDelayBeforeTheActivitysNextAttempt() {
    ApplicationFailure failure = ActivityFailures.of(new TaskclusterException(503, null, "GET worker: HTTP 503", null,
        Duration.ofSeconds(120)));

    assertThat(failure.getType()).isEqualTo(StepFailures.TASKCLUSTER_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void withoutRetryAfterTheRetryPolicyDecides() {
    ApplicationFailure failure = ActivityFailures.of(new TaskclusterException(502, null, "GET worker: HTTP 502", null));

    assertThat(failure.getNextRetryDelay()).isNull();
  }
}
