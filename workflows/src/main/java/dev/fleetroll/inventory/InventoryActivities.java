package dev.fleetroll.inventory;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inventory's reads of the world, recorded in the store of the worker that runs them. Each
 * returns counts of outcomes, never the records: a 1,000-host fleet keeps a small workflow history.
 */
@ActivityInterface
public interface InventoryActivities {

  /** The sources whose last gathering (in this worker's store) is older than their interval allows. */
  @ActivityMethod
  Set<GatherSource> dueSources(GatherRequest request);

  /** Audits the hosts over SSH and records every outcome, unreachable hosts included with time and error. */
  @ActivityMethod
  Map<String, Integer> auditHostBatch(List<String> hosts);

  /** Reads the hosts' Taskcluster workers (pool from each host's last audit) and records them. */
  @ActivityMethod
  Map<String, Integer> readWorkerBatch(List<String> hosts);

  /** Reads the head of every branch the hosts' overrides name (and upstream master) from GitHub. */
  @ActivityMethod
  Map<String, Integer> readBranchHeads(List<String> hosts);

  /** Notes in the store that a source was gathered, with its counts (for {@code store info}). */
  @ActivityMethod
  void recordGatherRun(GatherSource source, long startedEpochMillis, Map<String, Integer> counts);
}
