package dev.fleetroll.sim.taskcluster;

import java.util.Collection;
import java.util.List;

/** Taskcluster scope satisfaction: a held scope ending in '*' covers every scope starting with its prefix. */
final class Scopes {
  /** The FirefoxCI anonymous role's read scopes (fxci-config grants.yml); every caller holds them. */
  static final List<String> ANONYMOUS = List.of(
      "queue:list-provisioners", "queue:get-provisioner:*", "queue:list-worker-types:*",
      "queue:get-worker-type:*", "queue:list-workers:*", "queue:get-worker:*", "queue:status:*",
      "queue:get-task:*", "queue:pending-count:*", "queue:claimed-count:*",
      "worker-manager:list-workers:*", "worker-manager:get-worker:*", "worker-manager:get-worker-pool:*",
      "worker-manager:list-worker-pools");

  private Scopes() {}

  static boolean satisfies(Collection<String> held, String required) {
    for (String scope : held) {
      if (scope.equals(required) || (scope.endsWith("*") && required.startsWith(scope.substring(0, scope.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
