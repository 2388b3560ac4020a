package dev.fleetroll.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {

  @Test
  void fleetrollActorThenSudoUserThenUserThenUnknown() {
    assertThat(Actor.from(Map.of("FLEETROLL_ACTOR", "alice", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("alice");
    assertThat(Actor.from(Map.of("FLEETROLL_ACTOR", " ", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("bob");
    assertThat(Actor.from(Map.of("USER", "carol"))).isEqualTo("carol");
    assertThat(Actor.from(Map.of())).isEqualTo("unknown");
  }
}
