package dev.fleetroll.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fleet boots wherever its data directory is: the default {@code ~/.fleetroll} of root lies below
 * {@code /root}, which every host overlays, as do {@code /var} and {@code /home}; only {@code /tmp} is
 * a directory the hosts do not overlay.
 */
class DataDirectoryTest {
  private static final String HOST = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";

  @ParameterizedTest
  @ValueSource(strings = {"/root", "/var/tmp", "/home", "/tmp"})
  void hostsBootWithTheirDiskAndControlFilesBelow(String parent) throws Exception {
    Path data = Files.createTempDirectory(Files.createDirectories(Path.of(parent)), "fleetroll-data-dir-test-");
    try (Fleet fleet = Fleet.start(FleetSpec.of(1, 0).withDir(data.resolve("sim")).withPuppet(Duration.ZERO, Duration.ofSeconds(1)))) {
      assertThat(OpenSsh.ok(fleet, HOST, "hostname").strip()).isEqualTo("t-linux64-ms-001");
      // The boot-time Puppet run is recorded in the state directory's ctl/, which the simulator reads.
      assertThat(Fleet.await(Duration.ofSeconds(60), () -> fleet.puppetRunDone(HOST))).isTrue();
      // A write on the host lands on its disk (the overlay's upper layer in the state directory)...
      OpenSsh.ok(fleet, HOST, "echo written-on-the-host | sudo -n tee /opt/fleetroll-probe >/dev/null");
      assertThat(fleet.readFile(HOST, "/opt/fleetroll-probe")).isEqualTo("written-on-the-host\n");
      assertThat(Path.of("/opt/fleetroll-probe")).doesNotExist();
      // ...and the host cannot see the simulator's files, whatever directory holds them.
      assertThat(OpenSsh.ok(fleet, HOST, "sudo -n ls -A " + fleet.dir() + " 2>/dev/null; sudo -n test -e /run/sim-state && echo state-visible; true")).isEmpty();
    } finally {
      deleteTree(data);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
