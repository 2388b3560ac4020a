package dev.fleetroll.sim;

import java.util.List;

/**
 * Names, roles and worker pools of the simulated fleet, as on FirefoxCI's hardware: Linux talos
 * moonshots ({@code t-linux64-ms-NNN}) and Mac minis ({@code macmini-r8-NNN}), provisioner
 * {@code releng-hardware}, workerGroup {@code mdc1}, and fleetroll's role-to-pool table.
 */
final class Roles {
  static final String DOMAIN = ".test.releng.mdc1.mozilla.com";
  static final String PROVISIONER = "releng-hardware";
  static final String WORKER_GROUP = "mdc1";

  /** Linux roles in the order hosts get them: half the moonshots on 24.04, half on 18.04. */
  static final List<String> LINUX_ROLES = List.of("gecko_t_linux_2404_talos", "gecko_t_linux_talos");
  static final String MAC_ROLE = "gecko_t_osx_1400_r8";

  private Roles() {}

  static String linuxName(int number) {
    return "t-linux64-ms-%03d".formatted(number);
  }

  static String macName(int number) {
    return "macmini-r8-%03d".formatted(number);
  }

  /** fleetroll's ROLE_TO_TASKCLUSTER: the Linux table, and underscores to dashes for macOS roles. */
  static String workerType(String role) {
    return switch (role) {
      case "gecko_t_linux_talos" -> "gecko-t-linux-talos-1804";
      case "gecko_t_linux_2404_talos" -> "gecko-t-linux-talos-2404";
      case "gecko_t_linux_netperf" -> "gecko-t-linux-netperf-1804";
      case "gecko_t_linux_2404_netperf" -> "gecko-t-linux-netperf-2404";
      default -> role.replace('_', '-');
    };
  }
}
