package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.rollout.RolloutWorkflow;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.Taskcluster;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.sim.taskcluster.TcClient;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity floor end to end, on the real dev server, a worker process and the simulated fleet: a pool of
 * 8 workers at {@code min_available_pct: 75} never has more than 2 of them quarantined at once (sampled every
 * second from the Taskcluster stand-in), counting a worker another party quarantined.
 */
class CapacityEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  /** 16 moonshots: 8 in gecko-t-linux-talos-1804 (the even ones), 8 in the 24.04 pool. */
  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(16, 0));

  @TempDir Path dir;

  @Test
  void aPoolOfEightAt75PercentNeverHasMoreThanTwoWorkersQuarantinedCountingAnotherPartys() throws Exception {
    Fleet fleet = sim.fleet();
    RolloutFixture rollouts = new RolloutFixture(temporal, fleet, dir);
    List<SimHost> pool = fleet.hosts(Os.LINUX).stream().filter(h -> h.workerType().equals("gecko-t-linux-talos-1804"))
        .toList();
    assertThat(pool).hasSize(8);
    assertThat(Fleet.await(Duration.ofMinutes(2), () -> pool.stream()
        .allMatch(h -> fleet.taskcluster().worker(h.name()).isPresent()))).as("every worker has claimed").isTrue();
    SimHost sheriffs = pool.getLast();
    List<SimHost> targets = pool.subList(0, 5);
    // Another party: the quarantine-worker client (a worker quarantining itself, as generic-worker does).
    TcClient self = fleet.taskcluster().client(Taskcluster.QUARANTINE_WORKER);
    TaskclusterClient other = new TaskclusterClient(new TaskclusterCredentials(fleet.taskcluster().rootUrl(),
        self.clientId(), self.accessToken(), null));
    WorkerAddress sheriffsWorker = new WorkerAddress(sheriffs.provisionerId(), sheriffs.workerType(),
        sheriffs.workerGroup(), sheriffs.workerId());
    other.quarantine(sheriffsWorker, Instant.now().plus(Duration.ofDays(1)), "disk errors: generic-worker exit 69");

    AtomicInteger mostOut = new AtomicInteger();
    AtomicInteger mostOursOut = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      int out = (int) pool.stream().filter(h -> fleet.taskcluster().quarantined(h.name())).count();
      int ours = (int) targets.stream().filter(h -> fleet.taskcluster().quarantined(h.name())).count();
      mostOut.accumulateAndGet(out, Math::max);
      mostOursOut.accumulateAndGet(ours, Math::max);
    }, 0, 1, TimeUnit.SECONDS);
    try {
      rollouts.startWorker();
      Path plan = rollouts.plan("floor", "capacity-floor", targets, "{canary: 5, batches: [\"100%\"]}", 4, "reboot", "auto",
          RolloutFixture.GATES + "\ncapacity: {min_available_pct: 75}");
      String id = rollouts.start(plan);
      RolloutWorkflow rollout = rollouts.rollout(id);

      RolloutProgress held = RolloutFixture.await(rollout, p -> !p.heldBack().isEmpty());
      CliRun status = rollouts.cli("rollout", "status", id);
      assertThat(held.heldBack().getFirst()).matches("gecko-t-linux-talos-1804: 6/8 available, floor 75%: \\S+ waits");
      assertThat(status.out()).as(status.toString()).contains("Held back by pool capacity")
          .contains("gecko-t-linux-talos-1804: ");
      RolloutFixture.await(rollout, p -> p.succeeded() >= 2);
      assertThat(mostOursOut.get()).as("one of ours at a time while the other party's quarantine holds").isEqualTo(1);
      other.release(sheriffsWorker, "disk replaced");
      RolloutResult result = rollouts.result(id);

      assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
      assertThat(result.succeeded()).isEqualTo(5);
      HistoryRecorder.save(temporal.client(), id);
    } finally {
      sampler.shutdownNow();
    }
    assertThat(mostOut.get()).as("never more than 2 of the pool's 8 workers quarantined at once").isEqualTo(2);
    assertThat(mostOursOut.get()).as("two of ours at once once the other party released its worker").isEqualTo(2);
  }
}
