package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.ssh.SshTarget;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a host command works with: the store, SSH to the hosts, and the actor. Host keys accepted on
 * the operator's request are written to the audit log when the command ends.
 */
final class Inventory implements AutoCloseable {

  private final Store store;
  private final SshSessions ssh;
  private final HostClient hosts;
  private final String actor = Actor.current();
  private final List<Map<String, Object>> acceptedKeys = new ArrayList<>();

  private Inventory(Store store, SshOptionsMixin options, Duration commandTimeout) {
    this.store = store;
    this.ssh = options.open(commandTimeout, (host, name, fingerprint, replaced, file) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("host", host);
      e.put("known_hosts_name", name);
      e.put("fingerprint", fingerprint);
      e.put("replaced", replaced);
      e.put("file", file.toString());
      synchronized (acceptedKeys) {
        acceptedKeys.add(e);
      }
    });
    this.hosts = new HostClient(ssh);
  }

  static Inventory open(SshOptionsMixin options, Duration commandTimeout) {
    Store store = Store.open(FleetrollHome.fromEnvironment());
    try {
      return new Inventory(store, options, commandTimeout);
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
   * Refuses hosts whose address does not resolve here (unless reached through a ProxyJump), before
   * any host is touched: a typo must not become a half-applied change.
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
    synchronized (acceptedKeys) {
      for (Map<String, Object> e : acceptedKeys) {
        store.auditLog().append(actor, "host.accept_host_key", List.of((String) e.get("host")), e, Map.of("ok", true));
      }
    }
    store.close();
  }
}
