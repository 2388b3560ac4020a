package dev.fleetroll.taskcluster;

/** A worker's identity in Taskcluster: {@code releng-hardware/gecko-t-linux-talos-1804/mdc1/t-linux64-ms-238}. */
public record WorkerAddress(String provisionerId, String workerType, String workerGroup, String workerId) {

  /** {@code provisionerId/workerType}: the worker pool (and task queue) id. */
  public String poolId() {
    return provisionerId + "/" + workerType;
  }

  @Override
  public String toString() {
    return poolId() + "/" + workerGroup + "/" + workerId;
  }
}
