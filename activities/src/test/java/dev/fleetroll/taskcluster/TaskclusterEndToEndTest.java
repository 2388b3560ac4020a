package dev.fleetroll.taskcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleet;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our Taskcluster client over real HTTP with Hawk against the simulator's Taskcluster stand-in
 * (itself checked with the official npm client), compared with the stand-in's own state.
 */
@SimulatedFleet(linux = 2, mac = 1)
class TaskclusterEndToEndTest {
  private static final String LINUX = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String MAC = "macmini-r8-001.test.releng.mdc1.mozilla.com";

  private static TaskclusterCredentials operator(Fleet fleet) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(fleet.files().taskclusterEnv())) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return TaskclusterCredentials.fromEnvironment(env);
  }

  private static WorkerAddress address(SimHost h, String workerType) {
    return new WorkerAddress(h.provisionerId(), workerType, h.workerGroup(), h.workerId());
  }

  private static void awaitFirstTask(Fleet fleet, String host) {
    assertThat(Fleet.await(Duration.ofSeconds(180), () -> !fleet.taskcluster().recentTasks(host).isEmpty()))
        .as("worker of %s claimed a task", host).isTrue();
  }

  @Test
  void readsWorkersAndTaskRunsAsTheQueueHasThem(Fleet fleet) throws Exception {
    TaskclusterClient client = new TaskclusterClient(TaskclusterCredentials.anonymous(fleet.taskcluster().rootUrl()));
    for (String host : List.of(LINUX, MAC)) {
      awaitFirstTask(fleet, host);
      SimHost h = fleet.host(host);
      WorkerReader reader = new WorkerReader(client, WorkerPools.defaults(), 5);
      WorkerSnapshot s = reader.read(host, h.role(), null);
      assertThat(s.outcome()).as(String.valueOf(s.error())).isEqualTo("ok");
      assertThat(s.poolId()).isEqualTo(h.workerPoolId());
      assertThat(s.workerGroup()).isEqualTo(h.workerGroup());
      assertThat(s.quarantined()).isFalse();
      assertThat(s.lastDateActive()).isNotNull();
      var expected = fleet.taskcluster().recentTasks(host);
      assertThat(s.recentRuns()).isNotEmpty();
      for (TaskRun run : s.recentRuns()) {
        var truth = expected.stream().filter(t -> t.taskId().equals(run.taskId())).findFirst().orElseThrow();
        assertThat(run.workerId()).isEqualTo(h.workerId());
        if (truth.runId() == run.runId()) {
          assertThat(run.state()).isIn(truth.state(), "completed", "failed", "exception", "running");
        }
      }
    }
  }

  @Test
  void readsAPoolsPendingCount(Fleet fleet) {
    TaskclusterClient client = new TaskclusterClient(TaskclusterCredentials.anonymous(fleet.taskcluster().rootUrl()));
    fleet.taskcluster().addTasks("releng-hardware", "gecko-t-no-workers", 4); // no worker claims them

    assertThat(client.pendingTasks("releng-hardware", "gecko-t-no-workers")).isEqualTo(4);
    assertThat(client.pendingTasks("releng-hardware", "gecko-t-unknown")).isZero();
  }

  @Test
  void quarantineAndReleaseAreHawkSignedAndRecordTheReason(Fleet fleet) throws Exception {
    SimHost h = fleet.host(LINUX);
    awaitFirstTask(fleet, LINUX);
    WorkerAddress a = address(h, fleet.taskcluster().workerType(LINUX));
    TaskclusterClient client = new TaskclusterClient(operator(fleet));

    client.quarantine(a, Instant.now().plus(1, ChronoUnit.DAYS), "fleetroll e2e: canary");
    assertThat(fleet.taskcluster().quarantined(LINUX)).isTrue();
    Worker w = client.workerWithHistory(a);
    assertThat(w.quarantined(Instant.now())).isTrue();
    assertThat(w.quarantineReason()).isEqualTo("fleetroll e2e: canary");
    assertThat(w.quarantineDetails().get(w.quarantineDetails().size() - 1).clientId()).isEqualTo(operator(fleet).clientId());

    WorkerSnapshot seen = new WorkerReader(client, WorkerPools.defaults(), 2).read(LINUX, h.role(), null);
    assertThat(seen.quarantined()).isTrue();
    assertThat(seen.quarantineReason()).isEqualTo("fleetroll e2e: canary");

    client.release(a, "fleetroll e2e: done");
    assertThat(fleet.taskcluster().quarantined(LINUX)).isFalse();
    assertThat(client.worker(a).quarantined(Instant.now())).isFalse();
  }

  @Test
  void anonymousOrWrongCredentialsCannotQuarantine(Fleet fleet) throws Exception {
    SimHost h = fleet.host(LINUX);
    awaitFirstTask(fleet, LINUX);
    WorkerAddress a = address(h, fleet.taskcluster().workerType(LINUX));
    TaskclusterClient anonymous = new TaskclusterClient(TaskclusterCredentials.anonymous(fleet.taskcluster().rootUrl()));
    assertThatThrownBy(() -> anonymous.quarantine(a, Instant.now().plusSeconds(3600), "x"))
        .isInstanceOfSatisfying(TaskclusterException.class, e -> assertThat(e.status()).isEqualTo(403));
    TaskclusterCredentials real = operator(fleet);
    TaskclusterClient wrong = new TaskclusterClient(new TaskclusterCredentials(real.rootUrl(), real.clientId(),
        "not-the-token", null));
    assertThatThrownBy(() -> wrong.worker(a))
        .isInstanceOfSatisfying(TaskclusterException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThat(fleet.taskcluster().quarantined(LINUX)).isFalse();
  }

  @Test
  void retriesServerErrorsAndReportsUnknownWorkers(Fleet fleet) throws Exception {
    SimHost h = fleet.host(LINUX);
    awaitFirstTask(fleet, LINUX);
    WorkerAddress a = address(h, fleet.taskcluster().workerType(LINUX));
    TaskclusterClient client = new TaskclusterClient(TaskclusterCredentials.anonymous(fleet.taskcluster().rootUrl()));
    fleet.taskcluster().setErrors(0.5, 503);
    try {
      for (int i = 0; i < 10; i++) {
        assertThat(client.worker(a).address().workerId()).isEqualTo(h.workerId());
      }
    } finally {
      fleet.taskcluster().setErrors(0, 503);
    }
    assertThatThrownBy(() -> client.worker(new WorkerAddress(h.provisionerId(), a.workerType(), "mdc1", "no-such-worker")))
        .isInstanceOfSatisfying(TaskclusterException.class, e -> assertThat(e.notFound()).isTrue());
    WorkerSnapshot unmapped = new WorkerReader(client, WorkerPools.defaults(), 1).read(LINUX, "some_unknown_role", null);
    assertThat(unmapped.outcome()).isEqualTo("unmapped");
  }
}
