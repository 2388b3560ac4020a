package dev.fleetroll.sim;

/**
 * One simulated host as the outside world sees it.
 *
 * @param name the fully qualified host name ({@code t-linux64-ms-001.test.releng.mdc1.mozilla.com})
 * @param shortName the first label, which is also the Taskcluster workerId
 * @param os Linux or macOS
 * @param role the Puppet role in {@code /etc/puppet_role}
 * @param address the loopback address its sshd listens on (port 22)
 * @param provisionerId Taskcluster provisioner ({@code releng-hardware})
 * @param workerType the worker pool its role maps to (a WORKER_TYPE_OVERRIDE can move it elsewhere)
 * @param workerGroup the Taskcluster workerGroup ({@code mdc1}, from the FQDN)
 */
public record SimHost(
    String name,
    String shortName,
    Os os,
    String role,
    String address,
    String provisionerId,
    String workerType,
    String workerGroup) {

  /** The Taskcluster workerId: the short host name. */
  public String workerId() {
    return shortName;
  }

  /** {@code provisionerId/workerType}, the worker-manager workerPoolId. */
  public String workerPoolId() {
    return provisionerId + "/" + workerType;
  }
}
