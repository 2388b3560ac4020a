package dev.fleetroll.inventory.drift;

import dev.fleetroll.store.HostChange;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.util.List;

/**
 * Everything the store knows about one host now: its newest (and newest successful) audit, its newest
 * Taskcluster read, our last change of its override, and its notes since the last clear.
 */
public record HostState(String host, Store.HostHistory history, WorkerSnapshot worker, HostChange lastChange,
    List<Note> notes) {}
