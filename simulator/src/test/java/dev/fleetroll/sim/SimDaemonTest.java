package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.sim.daemon.SimControl;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The background daemon behind `fleetroll sim`: up, status, faults, down, and cleanup after a SIGKILL. */
class SimDaemonTest {
  private final Path dir = Path.of("target/fleetroll-home/sim-tests/SimDaemonTest").toAbsolutePath();
  private final PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());

  @Test
  void upStatusFaultDownAndNothingIsLeftEvenAfterTheDaemonIsKilled() throws Exception {
    SimControl control = new SimControl(dir);
    control.down(Duration.ofSeconds(30));
    JsonNode state = control.up(1, 1, 3, Duration.ofMinutes(5), quiet);
    try {
      assertThat(Files.readString(dir.resolve("hosts.list"))).contains("t-linux64-ms-001.test.releng.mdc1.mozilla.com",
          "macmini-r8-001.test.releng.mdc1.mozilla.com");
      assertThat(Files.readString(dir.resolve("taskcluster.env"))).contains("TASKCLUSTER_ROOT_URL=http://127.0.0.1:",
          "TASKCLUSTER_CLIENT_ID=" + Taskcluster.OPERATOR, "TASKCLUSTER_ACCESS_TOKEN=");
      assertThat(Files.getPosixFilePermissions(dir.resolve("taskcluster.env")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
      JsonNode status = control.status();
      assertThat(status.path("hosts")).hasSize(2);
      assertThatThrownBy(() -> control.fault("t-linux64-ms-001", List.of("puppet=sometimes")))
          .isInstanceOf(SimControl.BadRequest.class).hasMessageContaining("puppet=sometimes");
      assertThatThrownBy(() -> control.fault("no-such-host", List.of("puppet=fail")))
          .isInstanceOf(SimControl.BadRequest.class).hasMessageContaining("no-such-host");
      control.fault("t-linux64-ms-001", List.of("ssh=refused"));
      String address = status.path("hosts").get(0).path("address").asText();
      assertThat(listens(address)).isFalse();
      control.fault("t-linux64-ms-001", List.of("clear"));
      assertThat(listens(address)).isTrue();

      // A SIGKILLed daemon takes its hosts with it; the next `up` starts cleanly in the same directory.
      ProcessHandle daemon = ProcessHandle.of(state.path("pid").asLong()).orElseThrow();
      daemon.destroyForcibly();
      daemon.onExit().get();
      assertThat(Fleet.await(Duration.ofSeconds(10), () -> processesOf(dir).isEmpty())).isTrue();
      assertThat(listens(address)).isFalse();
      assertThat(control.running()).isEmpty();
      control.up(1, 0, 3, Duration.ofMinutes(5), quiet);
      assertThat(control.status().path("hosts")).hasSize(1);
    } finally {
      control.down(Duration.ofSeconds(60));
    }
    assertThat(processesOf(dir)).isEmpty();
    assertThat(control.running()).isEmpty();
  }

  private static boolean listens(String address) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, 22), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Processes whose command line names this fleet directory (the daemon and its hosts). */
  static List<Long> processesOf(Path dir) {
    String marker = dir.toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            try {
              return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(marker);
            } catch (IOException e) {
              return false;
            }
          })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(pid -> pid != ProcessHandle.current().pid())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
