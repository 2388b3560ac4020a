package dev.fleetroll.inventory.drift;

import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.store.HostChange;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the store knows of a set of hosts at one moment, read in one go: what the monitor's rows
 * ({@code dev.fleetroll.monitor.FleetSnapshot}) and drift ({@link Drift}) are computed from, in the CLI and
 * in the web view alike.
 *
 * @param hosts in the order asked for
 * @param heads the newest read of each Puppet branch's head on GitHub
 */
public record FleetState(Instant at, List<HostState> hosts, Map<BranchRef, BranchHead> heads) {

  public static FleetState load(Store store, List<String> hosts, Instant now) {
    Map<String, Store.HostHistory> observations = store.latestObservations(hosts);
    Map<String, WorkerSnapshot> workers = store.latestWorkers(hosts);
    Map<String, HostChange> changes = store.lastHostChanges(hosts);
    Map<String, List<Note>> notes = store.currentNotes(hosts);
    List<HostState> states = new ArrayList<>();
    for (String host : hosts) {
      states.add(new HostState(host, observations.get(host), workers.get(host), changes.get(host),
          notes.getOrDefault(host, List.of())));
    }
    return new FleetState(now, states, store.latestBranchHeads());
  }
}
