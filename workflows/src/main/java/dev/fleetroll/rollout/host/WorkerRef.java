package dev.fleetroll.rollout.host;

/** A host's Taskcluster worker: {@code releng-hardware/gecko-t-linux-talos-1804/mdc1/t-linux64-ms-238}. */
public record WorkerRef(String provisionerId, String workerType, String workerGroup, String workerId) {

  @Override
  public String toString() {
    return provisionerId + "/" + workerType + "/" + workerGroup + "/" + workerId;
  }
}
