package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.CapacityPolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity floors on the time-skipping server: a pool keeps its share of workers; other pools go ahead. */
class RolloutWorkflowCapacityTest extends RolloutHarness {

  private static final String TALOS_2404 = "gecko_t_linux_2404_talos";
  private static final String NETPERF = "gecko_t_linux_2404_netperf";

  /** Hosts of the talos pool, its workers from the start. */
  private static List<HostTarget> talos(String... names) {
    for (String name : names) {
      fleet.host(name);
    }
    return hosts(names);
  }

  private static HostTarget netperf(String name) {
    fleet.host(name).role = NETPERF;
    return new HostTarget(name, HostPlatform.LINUX, NETPERF);
  }

  @Test
  void aPoolOfEightAt75PercentWithOneWorkerQuarantinedByOthersRollsOneHostAtATime() throws Exception {
    List<HostTarget> targets = talos("t1", "t2", "t3", "t4", "t5", "t6", "t7");
    for (HostTarget t : targets) {
      fleet.host(t.host()).drainFor = Duration.ofMinutes(10);
    }
    fleet.host("t8").quarantinedBy = "a sheriff: broken disk"; // the pool's eighth worker, not in the rollout
    RolloutSpec spec = spec("floor", targets, policy(new StagePolicy(7, List.of("100%")), 7, AdvanceMode.AUTO)
        .withCapacity(new CapacityPolicy(75, null)));

    RolloutWorkflow rollout = start(spec);
    RolloutProgress held = awaitProgress(rollout, p -> !p.heldBack().isEmpty());
    RolloutResult result = result(rollout);

    assertThat(held.heldBack()).containsExactly("gecko-t-linux-2404-talos: 6/8 available, floor 75%: t2 waits");
    assertThat(held.inFlight()).isEqualTo(1);
    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(result.succeeded()).isEqualTo(7);
    assertThat(fleet.mostQuarantinedAtOnce()).isEqualTo(1); // with the sheriff's: 2 of 8 out, never more
    assertThat(fleet.host("t8").quarantines).isZero();
    replays(spec.id());
  }

  @Test
  void aHeldPoolWaitsForAnotherPartysReleaseWhileOtherPoolsGoAheadWithALookPerPoll() throws Exception {
    List<HostTarget> targets = new ArrayList<>(talos("a1", "a2", "a3"));
    targets.add(netperf("b1"));
    targets.add(netperf("b2"));
    fleet.host("a4").quarantinedBy = "a sheriff"; // 3 of 4 available: 75% leaves no room for one more
    RolloutSpec spec = spec("pools", targets, policy(new StagePolicy(5, List.of("100%")), 3, AdvanceMode.AUTO)
        .withCapacity(new CapacityPolicy(75, null)));

    long begun = env.currentTimeMillis();
    RolloutWorkflow rollout = start(spec);
    RolloutProgress otherPoolDone = awaitProgress(rollout, p -> p.succeeded() == 2);
    assertThat(otherPoolDone.heldBack()).containsExactly("gecko-t-linux-2404-talos: 3/4 available, floor 75%: a1 waits");
    assertThat(record(otherPoolDone, "a1").status()).isEqualTo(HostStatus.PENDING);
    env.sleep(Duration.ofMinutes(60));
    assertThat(fleet.host("a1").quarantines + fleet.host("a2").quarantines + fleet.host("a3").quarantines).isZero();
    fleet.host("a4").quarantinedBy = null;
    RolloutResult result = result(rollout);

    assertThat(result.succeeded()).isEqualTo(5);
    assertThat(fleet.order("quarantine")).startsWith("b1").contains("a1", "a2", "a3");
    // b1 and b2 (a pool of 2: one at a time) never overlapped; a1-a3 in a pool of 4 went one by one too.
    assertThat(fleet.mostQuarantinedAtOnce()).isEqualTo(1);
    long looks = history(spec.id()).stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("LookAtPool")).count();
    long minutes = Duration.ofMillis(env.currentTimeMillis() - begun).toMinutes();
    assertThat(looks).as("one look per held pool per poll (1 min), %d min", minutes).isLessThanOrEqualTo(minutes + 10);
    replays(spec.id());
  }

  @Test
  void noHostOfAPoolStartsWhileItsBacklogPerAvailableWorkerExceedsTheLimit() throws Exception {
    fleet.pendingTasks(TALOS_2404, 50); // 50 tasks for 2 workers: 25 each
    RolloutSpec spec = spec("backlog", talos("c1", "c2"), policy(new StagePolicy(2, List.of("100%")), 2,
        AdvanceMode.AUTO).withCapacity(new CapacityPolicy(0, 20.0)));

    RolloutWorkflow rollout = start(spec);
    RolloutProgress held = awaitProgress(rollout, p -> !p.heldBack().isEmpty());
    env.sleep(Duration.ofMinutes(30));
    assertThat(fleet.log()).isEmpty();
    fleet.pendingTasks(TALOS_2404, 30);
    RolloutResult result = result(rollout);

    assertThat(held.heldBack()).containsExactly("gecko-t-linux-2404-talos: 50 pending tasks for 2 available workers,"
        + " more than 20 per worker: c1 waits");
    assertThat(result.succeeded()).isEqualTo(2);
  }

  @Test
  void aFloorOfZeroWithNoBacklogLimitLooksAtNoPool() throws Exception {
    RolloutSpec spec = spec("nofloor", talos("d1", "d2", "d3"), policy(new StagePolicy(3, List.of("100%")), 3,
        AdvanceMode.AUTO).withCapacity(new CapacityPolicy(0, null)));

    RolloutResult result = result(start(spec));

    assertThat(result.succeeded()).isEqualTo(3);
    assertThat(history(spec.id())).as("nothing to guard: no look at Taskcluster before each host")
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("LookAtPool"));
    replays(spec.id());
  }
}
