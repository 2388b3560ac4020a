package dev.fleetroll.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This worker process as Temporal sees it: {@code <pid>@<host>}. `fleetroll server start` knows a
 * worker is ready when a poller with its pid shows up on the task queue, so the pid comes first.
 */
public record WorkerIdentity(String value) {

  public static WorkerIdentity current() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return new WorkerIdentity(ProcessHandle.current().pid() + "@" + host);
  }

  @Override
  public String toString() {
    return value;
  }
}
