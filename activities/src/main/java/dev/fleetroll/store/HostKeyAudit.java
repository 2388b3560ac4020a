package dev.fleetroll.store;

import dev.fleetroll.ssh.HostKeyListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every host key Fleetroll records (on {@code --accept-new-host-keys} or StrictHostKeyChecking
 * accept-new) to the audit log the moment it is recorded, whichever command or worker activity
 * connected: trusting a new key is a decision someone must be able to find later.
 */
public final class HostKeyAudit implements HostKeyListener {
  private final AuditLog log;
  private final String actor;
  private final String by;

  /**
   * @param actor who is acting ({@link Actor#current()})
   * @param by what connected, e.g. {@code host audit}, {@code rollout plan}, {@code worker}
   */
  public HostKeyAudit(AuditLog log, String actor, String by) {
    this.log = log;
    this.actor = actor;
    this.by = by;
  }

  @Override
  public void accepted(String host, String knownHostsName, String type, String fingerprint, Path file) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("known_hosts_name", knownHostsName);
    parameters.put("type", type);
    parameters.put("fingerprint", fingerprint);
    parameters.put("file", file.toString());
    parameters.put("by", by);
    log.append(actor, "host.accept_host_key", List.of(host), parameters, Map.of("ok", true));
  }
}
