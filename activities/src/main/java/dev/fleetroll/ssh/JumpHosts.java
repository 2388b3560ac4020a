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

    synchronized SSHClient client(SshTarget target) {
      if (client == null || !client.isConnected() || !client.isAuthenticated()) {
        SshSessions.closeQuietly(client);
        client = null;
        client = connector.connect(target);
      }
      return client;
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
