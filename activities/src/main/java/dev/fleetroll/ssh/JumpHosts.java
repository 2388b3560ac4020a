package dev.fleetroll.ssh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.SSHClient;

/**
 * One authenticated connection per jump host, shared by the tunnels (direct-tcpip channels) to every
 * host behind it: an audit of hundreds of hosts through a bastion is one handshake there, not one
 * per host (past OpenSSH's MaxStartups 10:30:100 those would be dropped at random). A connection
 * that has dropped is replaced on next use; {@link #forget} drops one a tunnel found dead.
 */
final class JumpHosts implements AutoCloseable {

  /** Connects and authenticates to a jump host (itself perhaps behind another one). */
  interface Connector {
    SSHClient connect(SshTarget jump);
  }

  private final Connector connector;
  private final Map<SshTarget, Jump> jumps = new ConcurrentHashMap<>();

  JumpHosts(Connector connector) {
    this.connector = connector;
  }

  /** The live connection to {@code jump}, connecting once (every other caller waits for it). */
  SSHClient client(SshTarget jump) {
    return jumps.computeIfAbsent(jump, j -> new Jump()).client(jump);
  }

  /** Drops {@code client} if it is still the connection to {@code jump} (a tunnel found it dead). */
  void forget(SshTarget jump, SSHClient client) {
    Jump j = jumps.get(jump);
    if (j != null) {
      j.forget(client);
    }
  }

  @Override
  public void close() {
    for (Jump j : List.copyOf(jumps.values())) {
      j.forget(null);
    }
  }

  private final class Jump {
    private SSHClient client;
    /** Connection attempts so far; callers that waited on a failed one share its failure. */
    private volatile int attempts;
    private HostException lastFailure;

    SSHClient client(SshTarget target) {
      int seen = attempts;
      synchronized (this) {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
          return client;
        }
        if (attempts != seen && lastFailure != null) {
          // Tried (and failed) while we waited: a bastion that is down costs one connect timeout, not one per host.
          throw lastFailure;
        }
        SshSessions.closeQuietly(client);
        client = null;
        attempts++;
        try {
          client = connector.connect(target);
          lastFailure = null;
          return client;
        } catch (HostException e) {
          lastFailure = e;
          throw e;
        }
      }
    }

    /** @param dead the connection to drop, or null for whichever is open */
    synchronized void forget(SSHClient dead) {
      if (client != null && (dead == null || client == dead)) {
        SshSessions.closeQuietly(client);
        client = null;
      }
    }
  }
}
