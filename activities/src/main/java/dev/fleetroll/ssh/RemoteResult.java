package dev.fleetroll.ssh;

import java.time.Duration;

/** What one remote command did: its exit status and output (UTF-8, invalid bytes replaced). */
public record RemoteResult(int exitStatus, String stdout, String stderr, Duration elapsed) {
  public boolean succeeded() {
    return exitStatus == 0;
  }
}
