package dev.fleetroll.e2e;

import dev.fleetroll.server.BackgroundProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker JVM started by a test: a real process, so it can be killed like a crashed host would be.
 *
 * @param process the worker's process
 * @param log its log file
 */
public record WorkerProcess(Process process, Path log) {

  public long pid() {
    return process.pid();
  }

  /** The identity the worker uses with Temporal ({@code <pid>@<host>}) starts with this. */
  public String identityPrefix() {
    return pid() + "@";
  }

  /** SIGKILL: no shutdown hook runs, running activities are abandoned mid-step. */
  public void kill() {
    BackgroundProcess.kill(process.toHandle());
  }

  /** SIGTERM and wait for the graceful stop (SIGKILL after {@code grace}). */
  public boolean stop(Duration grace) {
    return BackgroundProcess.stop(process.toHandle(), grace);
  }

  public boolean isAlive() {
    return process.isAlive();
  }
}
