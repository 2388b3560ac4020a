package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.ssh.SshTarget;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.HostKeyAudit;
import dev.fleetroll.store.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a host command works with: the store, SSH to the hosts, and the actor. Host keys accepted on
 * the operator's request are written to the audit log as they are recorded.
 */
final class Inventory implements AutoCloseable {

  private final Store store;
  private final SshSessions ssh;
  private final HostClient hosts;
  private final String actor = Actor.current();

  private Inventory(Store store, SshOptionsMixin options, Duration commandTimeout, String command) {
    this.store = store;
    this.ssh = options.open(commandTimeout, new HostKeyAudit(store.auditLog(), actor, command));
    this.hosts = new HostClient(ssh);
  }

  /** @param command the command, as the audit log names who accepted a host key ({@code host audit}) */
  static Inventory open(SshOptionsMixin options, Duration commandTimeout, String command) {
    Store store = Store.open(FleetrollHome.fromEnvironment());
    try {
      return new Inventory(store, options, commandTimeout, command);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  Store store() {
    return store;
  }

  HostClient hosts() {
    return hosts;
  }

  String actor() {
    return actor;
  }

  /**
   * Refuses hosts whose SSH configuration Fleetroll refuses, or whose address does not resolve here
   * (unless reached through a ProxyJump), before any host is touched: a typo must not become a
   * half-applied change.
   */
  static void requireKnown(SshOptionsMixin options, List<String> names) {
    var config = options.config();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      SshTarget t = config.resolve(name);
      if (t.proxyJump() != null) {
        continue;
      }
      try {
        InetAddress.getByName(t.hostName());
      } catch (UnknownHostException e) {
        unknown.add(name + (t.hostName().equals(t.alias()) ? "" : " (HostName " + t.hostName() + ")"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InputException("unknown host" + (unknown.size() == 1 ? "" : "s") + ": " + String.join(", ", unknown)
          + " (not resolvable and not reached through a ProxyJump in the SSH config); nothing was changed");
    }
  }

  @Override
  public void close() {
    ssh.close();
    store.close();
  }
}
