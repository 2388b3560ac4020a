package dev.fleetroll.ping.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.ping.PingActivities;
import dev.fleetroll.ping.PingRequest;
import dev.fleetroll.ping.Pong;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PingActivitiesImplTest {

  private TestActivityEnvironment environment;
  private final List<Integer> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new PingActivitiesImpl("42@test", Duration.ofMillis(5)));
    environment.setActivityHeartbeatListener(Integer.class, heartbeats::add);
  }

  @AfterEach
  void tearDown() {
    environment.close();
  }

  @Test
  void heartbeatsEveryStepAndAnswers() {
    Pong pong = environment.newActivityStub(PingActivities.class, options())
        .pong(new PingRequest("hi", "alice", Duration.ofSeconds(3), Duration.ZERO));

    assertThat(pong.message()).isEqualTo("hi");
    assertThat(pong.worker()).isEqualTo("42@test");
    assertThat(pong.steps()).isEqualTo(3);
    assertThat(pong.resumedAt()).isZero();
    // The SDK throttles heartbeats; the first one is always sent at once.
    assertThat(heartbeats).first().isEqualTo(1);
  }

  @Test
  void resumesFromTheLastHeartbeatOfAPreviousAttempt() {
    environment.setHeartbeatDetails(2);

    Pong pong = environment.newActivityStub(PingActivities.class, options())
        .pong(new PingRequest("hi", "alice", Duration.ofSeconds(5), Duration.ZERO));

    assertThat(pong.resumedAt()).isEqualTo(2);
    assertThat(heartbeats).first().isEqualTo(3);
    assertThat(heartbeats).allSatisfy(step -> assertThat(step).isBetween(3, 5));
  }

  private static io.temporal.activity.ActivityOptions options() {
    return io.temporal.activity.ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build();
  }
}
