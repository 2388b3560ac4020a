package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {

  @Test
  void fleetrollActorThenSudoUserThenUser() {
    assertThat(Actor.of(Map.of("FLEETROLL_ACTOR", "alice", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("alice");
    assertThat(Actor.of(Map.of("FLEETROLL_ACTOR", " ", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("bob");
    assertThat(Actor.of(Map.of("USER", "carol"))).isEqualTo("carol");
    assertThat(Actor.of(Map.of())).isEqualTo("unknown");
  }
}
