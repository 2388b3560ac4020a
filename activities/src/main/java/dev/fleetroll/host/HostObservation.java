package dev.fleetroll.host;

import dev.fleetroll.ssh.HostException;
import java.time.Instant;

/**
 * One attempt to audit a host, whatever happened: the record we store and print with {@code --json}
 * (specs/audit-record.md). An unreachable host is recorded too, with the time and the error.
 *
 * @param outcome {@code ok}, or the {@link dev.fleetroll.ssh.SshFailure#code()} of the failure
 * @param error what went wrong, null when ok
 * @param attempts how many connection attempts it took
 * @param audit the facts, null unless ok
 */
public record HostObservation(String host, Instant observedAt, String outcome, String error, int attempts,
    HostAudit audit) {

  public static final String OK = "ok";

  public static HostObservation ok(HostAudit audit, int attempts) {
    return new HostObservation(audit.host(), audit.observedAt(), OK, null, attempts, audit);
  }

  public static HostObservation failed(String host, Instant at, HostException error, int attempts) {
    return new HostObservation(host, at, error.failure().code(), error.detail(), attempts, null);
  }

  public boolean ok() {
    return OK.equals(outcome);
  }
}
