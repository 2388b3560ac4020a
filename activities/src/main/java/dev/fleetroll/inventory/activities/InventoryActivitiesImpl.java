package dev.fleetroll.inventory.activities;

import dev.fleetroll.github.GitHubClient;
import dev.fleetroll.github.RateLimit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.GatherRequest;
import dev.fleetroll.inventory.GatherSource;
import dev.fleetroll.inventory.InventoryActivities;
import dev.fleetroll.inventory.gather.BranchHeads;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.inventory.gather.FleetWorkers;
import dev.fleetroll.store.GatherRun;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.WorkerReader;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's reads, recorded in this worker's store: host audits (unreachable hosts recorded
 * with time and error), Taskcluster workers, GitHub branch heads. Also run directly, without
 * Temporal, by {@code fleetroll inventory gather} (then there is no activity context to heartbeat).
 */
public final class InventoryActivitiesImpl implements InventoryActivities {

  private static final Logger log = LoggerFactory.getLogger(InventoryActivitiesImpl.class);

  private final HostClient hosts;
  private final Store store;
  private final FleetAudit.Settings audit;
  private final Supplier<WorkerReader> workers;
  private final GitHubClient github;
  private final int tcConcurrency;
  private final Clock clock = Clock.systemUTC();

  /**
   * @param workers a new reader per batch (its pool listing is cached for the batch only); may throw
   *     when the worker has no Taskcluster settings
   */
  public InventoryActivitiesImpl(HostClient hosts, Store store, FleetAudit.Settings audit, Supplier<WorkerReader> workers,
      int tcConcurrency, GitHubClient github) {
    this.hosts = hosts;
    this.store = store;
    this.audit = audit;
    this.workers = workers;
    this.tcConcurrency = tcConcurrency;
    this.github = github;
  }

  @Override
  public Set<GatherSource> dueSources(GatherRequest request) {
    Map<String, GatherRun> last = store.lastGatherRuns();
    Instant now = clock.instant();
    // The Schedule fires every interval(); a source is due when its own interval has passed, less half
    // a firing, so a source on the Schedule's interval is read on every run despite jitter.
    Duration slack = request.interval().dividedBy(2);
    Set<GatherSource> due = EnumSet.noneOf(GatherSource.class);
    for (GatherSource s : GatherSource.values()) {
      Duration every = switch (s) {
        case HOSTS -> request.every();
        case TASKCLUSTER -> request.tcEvery();
        case GITHUB -> request.ghEvery();
      };
      GatherRun run = last.get(s.label());
      if (run == null || Duration.between(run.started(), now).compareTo(every.minus(slack)) >= 0) {
        due.add(s);
      }
    }
    return due;
  }

  @Override
  public Map<String, Integer> auditHostBatch(List<String> names) {
    Map<String, Integer> counts = new TreeMap<>();
    Consumer<Object> beat = heartbeat();
    for (HostObservation o : new FleetAudit(hosts, store, audit).run(names, beat::accept)) {
      counts.merge(o.outcome(), 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public Map<String, Integer> readWorkerBatch(List<String> names) {
    Map<String, Integer> counts = new TreeMap<>();
    Consumer<Object> beat = heartbeat();
    for (WorkerSnapshot s : new FleetWorkers(workers.get(), store, tcConcurrency).read(names, beat::accept)) {
      counts.merge(s.outcome(), 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public Map<String, Integer> readBranchHeads(List<String> names) {
    BranchHeads heads = new BranchHeads(github, store);
    Map<String, Integer> counts = heads.gather(BranchHeads.refsOf(store, names));
    RateLimit limit = heads.rateLimit();
    if (limit != null && limit.low()) {
      log.warn("GitHub rate limit low: {}", limit.describe());
    }
    return counts;
  }

  @Override
  public void recordGatherRun(GatherSource source, long startedEpochMillis, Map<String, Integer> counts) {
    store.recordGatherRun(source.label(), Instant.ofEpochMilli(startedEpochMillis), clock.instant(), counts);
  }

  /** Heartbeats the count of hosts done, from any thread; does nothing outside an activity. */
  private static Consumer<Object> heartbeat() {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException e) {
      return done -> { };
    }
    AtomicInteger done = new AtomicInteger();
    return ignored -> context.heartbeat(done.incrementAndGet());
  }
}
