package dev.fleetroll.rollout.activities;

import dev.fleetroll.override.OverrideFile;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerAddress;

/**
 * Where a host's worker is in Taskcluster, in one place for the worker steps and the gates: the workflows
 * carry a {@link WorkerRef}, the client wants a {@link WorkerAddress}, and an override that sets
 * {@code WORKER_TYPE_OVERRIDE} moves the worker to another pool once Puppet applied it.
 */
final class WorkerLocator {

  private WorkerLocator() {}

  static WorkerAddress address(WorkerRef w) {
    return new WorkerAddress(w.provisionerId(), w.workerType(), w.workerGroup(), w.workerId());
  }

  static WorkerRef ref(WorkerAddress a) {
    return new WorkerRef(a.provisionerId(), a.workerType(), a.workerGroup(), a.workerId());
  }

  /**
   * The pool the override with {@code overrideSha} moves workers to ({@code WORKER_TYPE_OVERRIDE}), or null
   * when it moves none or is not in the content store.
   */
  static String movedTo(Store store, String overrideSha) {
    if (overrideSha == null) {
      return null;
    }
    ContentStore.Entry entry = store.content().bySha(overrideSha);
    String moved = entry == null ? null
        : OverrideFile.parse(entry.fileName(), store.content().read(entry)).workerTypeOverride();
    return moved == null || moved.isBlank() ? null : moved;
  }

  /** {@code before}, in the pool {@code movedTo} when that is not null. */
  static WorkerAddress moved(WorkerAddress before, String movedTo) {
    return movedTo == null ? before
        : new WorkerAddress(before.provisionerId(), movedTo, before.workerGroup(), before.workerId());
  }
}
