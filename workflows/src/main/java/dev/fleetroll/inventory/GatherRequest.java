package dev.fleetroll.inventory;

import java.time.Duration;
import java.util.List;

/**
 * What the scheduled gathering reads, and how often each source is due. The Schedule fires at the
 * shortest of the three intervals; each run reads only the sources due by then.
 *
 * @param hosts the hosts to audit and whose workers to read
 * @param every how often the hosts are audited over SSH
 * @param tcEvery how often their Taskcluster workers are read
 * @param ghEvery how often the heads of their Puppet branches are read from GitHub
 * @param batchSize hosts per activity: an activity returns counts only, so a big fleet keeps a small history
 * @param parallelBatches batches running at once
 */
public record GatherRequest(List<String> hosts, Duration every, Duration tcEvery, Duration ghEvery, int batchSize,
    int parallelBatches) {

  public static final int DEFAULT_BATCH_SIZE = 50;
  public static final int DEFAULT_PARALLEL_BATCHES = 4;

  /** The Schedule's interval: the shortest of the three. */
  public Duration interval() {
    Duration d = every;
    if (tcEvery.compareTo(d) < 0) {
      d = tcEvery;
    }
    return ghEvery.compareTo(d) < 0 ? ghEvery : d;
  }
}
