package dev.fleetroll.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which Taskcluster worker pool a host's worker is in: from its Puppet role by a mapping (the MVP's
 * defaults, or a YAML file), replaced by {@code WORKER_TYPE_OVERRIDE} when the host's override sets
 * it; the worker id is the short host name.
 *
 * <p>File format: {@code provisioner: releng-hardware}, {@code roles: {<role>: <workerType>}}, and
 * {@code macosRolesByName: true} to map other roles containing "osx" by turning _ into -.
 */
public final class WorkerPools {

  public static final String DEFAULT_PROVISIONER = "releng-hardware";
  public static final String DEFAULT_WORKER_GROUP = "mdc1";

  private final String provisioner;
  private final Map<String, String> roles;
  private final boolean macosByName;

  public WorkerPools(String provisioner, Map<String, String> roles, boolean macosByName) {
    this.provisioner = provisioner;
    this.roles = Map.copyOf(roles);
    this.macosByName = macosByName;
  }

  /** The MVP's table (taskcluster-api.md §9). */
  public static WorkerPools defaults() {
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put("gecko_t_linux_talos", "gecko-t-linux-talos-1804");
    roles.put("gecko_t_linux_2404_talos", "gecko-t-linux-talos-2404");
    roles.put("gecko_t_linux_netperf", "gecko-t-linux-netperf-1804");
    roles.put("gecko_t_linux_2404_netperf", "gecko-t-linux-netperf-2404");
    return new WorkerPools(DEFAULT_PROVISIONER, roles, true);
  }

  /** The data directory's {@code worker-pools.yaml} when there is one, else the MVP's table. */
  public static WorkerPools of(FleetrollHome home) {
    return of(home, null);
  }

  /** {@code file} when given, else {@link #of(FleetrollHome)}. */
  public static WorkerPools of(FleetrollHome home, Path file) {
    Path chosen = file != null ? file : home.root().resolve("worker-pools.yaml");
    return file != null || Files.isRegularFile(chosen) ? load(chosen) : defaults();
  }

  public static WorkerPools load(Path file) {
    JsonNode node;
    try {
      node = new YAMLMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read worker pool mapping: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InputException(file + ": worker pool mapping must be a YAML mapping with 'roles'");
    }
    Map<String, String> roles = new LinkedHashMap<>();
    node.path("roles").fields().forEachRemaining(e -> roles.put(e.getKey(), e.getValue().asText()));
    for (Map.Entry<String, String> e : roles.entrySet()) {
      if (!e.getValue().matches("[a-z]([-a-z0-9]{0,36}[a-z0-9])?")) {
        throw new InputException(file + ": role " + e.getKey() + ": '" + e.getValue() + "' is not a valid worker type");
      }
    }
    return new WorkerPools(node.path("provisioner").asText(DEFAULT_PROVISIONER), roles,
        node.path("macosRolesByName").asBoolean(true));
  }

  /** The worker type for {@code role}, or null when the role maps to no pool. */
  public String workerType(String role, String workerTypeOverride) {
    if (workerTypeOverride != null && !workerTypeOverride.isBlank()) {
      return workerTypeOverride;
    }
    if (role == null) {
      return null;
    }
    String mapped = roles.get(role);
    if (mapped != null) {
      return mapped;
    }
    return macosByName && role.contains("osx") ? role.replace('_', '-') : null;
  }

  public String provisioner() {
    return provisioner;
  }

  /** The worker id of a host: its short name (first DNS label, without user@). */
  public static String workerId(String host) {
    String name = host.substring(host.lastIndexOf('@') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
