package dev.fleetroll.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {

  @Test
  void fleetrollActorThenSudoUserThenUser() {
    assertThat(Actor.from(Map.of("FLEETROLL_ACTOR", "alice", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("alice");
    assertThat(Actor.from(Map.of("FLEETROLL_ACTOR", " ", "SUDO_USER", "bob", "USER", "root"))).isEqualTo("bob");
    assertThat(Actor.from(Map.of("USER", "carol"))).isEqualTo("carol");
  }

  @Test
  void withoutUserItIsTheAccountThisProcessRunsAs() throws Exception {
    Process id = new ProcessBuilder("id", "-un").start();
    String account = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(id.waitFor()).isZero();

    assertThat(Actor.from(Map.of())).isEqualTo(account).isNotEqualTo("unknown");
    assertThat(Actor.from(Map.of("USER", " ", "SUDO_USER", ""))).isEqualTo(account);
  }
}
