package dev.fleetroll.rollout.activities;

import dev.fleetroll.rollout.gate.EvidenceHost;
import dev.fleetroll.rollout.gate.EvidenceRequest;
import dev.fleetroll.rollout.gate.GateActivities;
import dev.fleetroll.rollout.gate.GateEvidence;
import dev.fleetroll.rollout.gate.WorkerEvidence;
import dev.fleetroll.rollout.host.WorkerRef;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import dev.fleetroll.sim.taskcluster.Queue;
import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskclusterClient;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import dev.fleetroll.taskcluster.WorkerPools;
import dev.fleetroll.taskcluster.WorkerReader;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gates' evidence read from the simulated fleet's Taskcluster stand-in and real sshd hosts, checked
 * against the stand-in's own records. Three Linux hosts with short tasks: two rolled out, one baseline.
 */
class GateActivitiesImplTest {
  private static final String HOST_1 = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String HOST_2 = "t-linux64-ms-002.test.releng.mdc1.mozilla.com";
  private static final String HOST_3 = "t-linux64-ms-003.test.releng.mdc1.mozilla.com";
  private static final Set<String> RESOLVED = Set.of("completed", "failed", "exception");

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(
      FleetSpec.of(3, 0).withTasks(Duration.ofSeconds(1), Duration.ofSeconds(2), 30.0));

  @TempDir
  static Path home;

  private static Store store;
  private TestActivityEnvironment environment;
  private SshSessions ssh;
  private GateActivities gates;

  @BeforeAll
  static void tasksHaveRun() {
    store = Store.open(home.resolve("store"));
    Fleet fleet = sim.fleet();
    for (SimHost h : fleet.hosts()) {
      assertThat(Fleet.await(Duration.ofSeconds(180), () -> resolved(fleet, h.name()) >= 2))
          .as("%s resolved two tasks", h.name()).isTrue();
    }
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @BeforeEach
  void setUp() {
    Fleet fleet = sim.fleet();
    TaskclusterClient client = new TaskclusterClient(TaskclusterCredentials.anonymous(fleet.taskcluster().rootUrl()));
    WorkerReader reader = new WorkerReader(client, WorkerPools.defaults(), 0);
    ssh = new SshSessions(SshConfig.load(fleet.files().sshConfig()),
        new SshOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), false), HostKeyListener.NONE);
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new GateActivitiesImpl(() -> client, () -> reader, store, ssh, Duration.ofSeconds(6)));
    gates = environment.newActivityStub(GateActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(30)).build());
  }

  @AfterEach
  void tearDown() {
    environment.close();
    ssh.close();
    Fleet fleet = sim.fleet();
    fleet.taskcluster().setErrors(0, 503);
    for (SimHost h : fleet.hosts()) {
      fleet.fault(h.name(), "clear");
    }
  }

  @Test
  void readsTheOutcomesOfEachHostsRunsAndChecksSshOnRolledOutHosts() {
    Fleet fleet = sim.fleet();
    Instant windowStart = Instant.now().minus(Duration.ofHours(1));
    int[] before = {resolved(fleet, HOST_1), resolved(fleet, HOST_3)};

    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(byRole(HOST_1), byRole(HOST_2)),
        List.of(byWorker(HOST_3)), windowStart));

    assertThat(e.taskclusterError()).isNull();
    assertThat(e.windowStart()).isEqualTo(windowStart);
    assertThat(e.collectedAt()).isAfter(windowStart);
    assertThat(e.rolledOut()).extracting(WorkerEvidence::host).containsExactly(HOST_1, HOST_2);
    assertThat(e.baseline()).extracting(WorkerEvidence::host).containsExactly(HOST_3);
    for (WorkerEvidence w : e.rolledOut()) {
      assertThat(w.known()).isTrue();
      assertThat(w.workerPool()).isEqualTo(fleet.host(w.host()).workerPoolId());
      assertThat(w.lastActive()).isNotNull();
      assertThat(w.sshable()).isTrue();
    }
    WorkerEvidence baseline = e.baseline().getFirst();
    assertThat(baseline.known()).isTrue();
    assertThat(baseline.sshable()).as("baseline hosts are not checked over SSH").isNull();
    // The fleet keeps working while we read: the counts lie between the stand-in's before and after. The
    // stand-in keeps 20 recent tasks, as Taskcluster does, so that is the most we can count.
    int[] after = {resolved(fleet, HOST_1), resolved(fleet, HOST_3)};
    assertThat(resolvedIn(e.rolledOut().getFirst())).isBetween(Math.min(before[0], 19), after[0]);
    assertThat(resolvedIn(baseline)).isBetween(Math.min(before[1], 19), after[1]);
    assertThat(e.failedInfrastructure()).isZero();
    assertThat(e.failedChange()).isZero();
  }

  @Test
  void onlyRunsResolvedInTheWindowCount() {
    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(byRole(HOST_1)), List.of(),
        Instant.now().plus(Duration.ofHours(1))));

    WorkerEvidence w = e.rolledOut().getFirst();
    assertThat(w.known()).isTrue();
    assertThat(resolvedIn(w)).isZero();
  }

  @Test
  void aHostThatRefusesSshIsNotSshable() {
    sim.fleet().fault(HOST_2, "ssh=refused");

    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(byRole(HOST_1), byRole(HOST_2)),
        List.of(), Instant.now().minus(Duration.ofHours(1))));

    assertThat(e.rolledOut()).extracting(WorkerEvidence::sshable).containsExactly(true, false);
    assertThat(e.rolledOut().get(1).known()).as("Taskcluster still knows its worker").isTrue();
  }

  @Test
  void taskclusterDownIsReportedNotThrownAndSshIsStillChecked() {
    sim.fleet().taskcluster().setErrors(1.0, 503);

    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(byWorker(HOST_1)),
        List.of(byWorker(HOST_3)), Instant.now().minus(Duration.ofHours(1))));

    assertThat(e.taskclusterError()).isNotBlank();
    assertThat(e.rolledOut().getFirst().known()).isFalse();
    assertThat(e.rolledOut().getFirst().sshable()).isTrue();
    assertThat(e.baseline().getFirst().known()).isFalse();
  }

  @Test
  void workersTaskclusterDoesNotKnowAreUnknownNotErrors() {
    SimHost h = sim.fleet().host(HOST_3);
    EvidenceHost ghost = new EvidenceHost(HOST_3, h.role(),
        new WorkerRef(h.provisionerId(), sim.fleet().taskcluster().workerType(HOST_3), h.workerGroup(), "no-such-worker"));
    EvidenceHost unmapped = new EvidenceHost(HOST_2, "some_unknown_role", null);

    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(), List.of(ghost, unmapped),
        Instant.now().minus(Duration.ofHours(1))));

    assertThat(e.taskclusterError()).isNull();
    assertThat(e.baseline()).allSatisfy(w -> assertThat(w.known()).isFalse());
    assertThat(e.baseline().get(0).workerPool()).isEqualTo(h.workerPoolId());
    assertThat(e.baseline().get(1).workerPool()).as("the role maps to no pool").isNull();
  }

  @Test
  void rolledOutWorkersAreReadInThePoolTheOverrideMovesThemTo() {
    ContentStore.Entry override = store.content().put(ContentStore.Kind.OVERRIDE, """
        PUPPET_BRANCH='try-gates'
        WORKER_TYPE_OVERRIDE='gecko-t-linux-talos-gates'
        """.getBytes(StandardCharsets.UTF_8));

    GateEvidence e = gates.collectEvidence(new EvidenceRequest("rollout-test", List.of(byWorker(HOST_1)),
        List.of(byWorker(HOST_3)), Instant.now().minus(Duration.ofHours(1)), override.sha256()));

    WorkerEvidence moved = e.rolledOut().getFirst();
    assertThat(moved.workerPool()).isEqualTo("releng-hardware/gecko-t-linux-talos-gates");
    assertThat(moved.known()).as("no worker has claimed in the new pool").isFalse();
    assertThat(e.baseline().getFirst().workerPool()).isEqualTo(sim.fleet().host(HOST_3).workerPoolId());
    assertThat(e.baseline().getFirst().known()).isTrue();
  }

  private static EvidenceHost byRole(String host) {
    return new EvidenceHost(host, sim.fleet().host(host).role(), null);
  }

  private static EvidenceHost byWorker(String host) {
    SimHost h = sim.fleet().host(host);
    return new EvidenceHost(host, h.role(),
        new WorkerRef(h.provisionerId(), sim.fleet().taskcluster().workerType(host), h.workerGroup(), h.workerId()));
  }

  private static int resolved(Fleet fleet, String host) {
    return (int) fleet.taskcluster().recentTasks(host).stream().map(Queue.TaskState::state).filter(RESOLVED::contains)
        .count();
  }

  private static int resolvedIn(WorkerEvidence w) {
    return w.completed() + w.failed() + w.exception();
  }
}
