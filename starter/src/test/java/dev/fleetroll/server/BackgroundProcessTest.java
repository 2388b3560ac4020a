package dev.fleetroll.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached processes, pid files that never point at a stranger, and stopping: SIGTERM, then SIGKILL. */
class BackgroundProcessTest {

  @TempDir Path dir;
  private Process process;

  @AfterEach
  void cleanUp() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void startsInItsOwnSessionWithItsOutputInTheLogAndItsPidRecorded() throws Exception {
    PidFile pidFile = new PidFile(dir.resolve("run/sleeper.pid"));
    Path log = dir.resolve("logs/sleeper.log");

    process = BackgroundProcess.start(List.of("bash", "-c", "echo started as $$; echo $GREETING; exec sleep 60"),
        Map.of("GREETING", "hello"), log, pidFile);

    assertThat(pidFile.live()).map(ProcessHandle::pid).contains(process.pid());
    awaitLog(log, "hello");
    assertThat(Files.readString(log)).contains("started as " + process.pid());
    assertThat(session(process.pid())).isEqualTo(process.pid());
  }

  @Test
  void stopSendsSigtermAndTheProcessEndsGracefully() throws Exception {
    Path log = dir.resolve("trap.log");
    process = BackgroundProcess.start(List.of("bash", "-c", "trap 'echo got TERM; exit 0' TERM; echo ready; "
        + "while true; do sleep 0.1; done"), Map.of(), log, new PidFile(dir.resolve("trap.pid")));
    awaitLog(log, "ready");

    assertThat(BackgroundProcess.stop(process.toHandle(), Duration.ofSeconds(30))).isTrue();

    assertThat(Files.readString(log)).contains("got TERM");
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void stopKillsWhatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    Path log = dir.resolve("stubborn.log");
    process = BackgroundProcess.start(List.of("bash", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"),
        Map.of(), log, new PidFile(dir.resolve("stubborn.pid")));
    awaitLog(log, "ready");

    assertThat(BackgroundProcess.stop(process.toHandle(), Duration.ofMillis(500))).isFalse();

    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(137);
  }

  @Test
  void pidFileOfADeadOrRecycledPidFindsNothing() throws IOException {
    PidFile pidFile = new PidFile(dir.resolve("x.pid"));
    assertThat(pidFile.live()).isEmpty();

    // our own pid, but a start time that is not ours: the pid was recycled, it is not our process
    Files.writeString(pidFile.path(), ProcessHandle.current().pid() + " 1000\n");
    assertThat(pidFile.live()).isEmpty();

    Files.writeString(pidFile.path(), "not a pid file\n");
    assertThat(pidFile.live()).isEmpty();

    pidFile.write(ProcessHandle.current());
    assertThat(pidFile.live()).map(ProcessHandle::pid).contains(ProcessHandle.current().pid());
  }

  @Test
  void lastLineOfALogPrefersTheError() throws IOException {
    Path log = dir.resolve("server.log");
    Files.write(log, List.of("starting", "Error: listen tcp 127.0.0.1:7233: bind: address already in use",
        "\tat some.Frame", ""));

    assertThat(BackgroundProcess.lastLine(log)).isEqualTo("Error: listen tcp 127.0.0.1:7233: bind: address already in use");
  }

  private static void awaitLog(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      assertThat(System.nanoTime()).as("'" + text + "' in " + log).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static long session(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
  }
}
