package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class FleetBootTest {

  @Test
  void aHostThatAnsweredOnceHasBootedEvenIfItMissesTheNextLook() {
    BooleanSupplier answers = looks(false, true, false, false);

    assertThat(Fleet.answeredWithin(Duration.ofSeconds(5), answers, () -> false)).isTrue();
  }

  @Test
  void aHostThatStoppedByItselfIsNotWaitedFor() {
    assertThat(Fleet.answeredWithin(Duration.ofMinutes(5), () -> false, () -> true)).isFalse();
  }

  @Test
  void aHostThatNeverAnswersIsGivenUpOnAtTheTimeout() {
    assertThat(Fleet.answeredWithin(Duration.ofMillis(300), () -> false, () -> false)).isFalse();
  }

  private static BooleanSupplier looks(Boolean... answers) {
    Iterator<Boolean> next = List.of(answers).iterator();
    return () -> next.hasNext() ? next.next() : false;
  }
}
