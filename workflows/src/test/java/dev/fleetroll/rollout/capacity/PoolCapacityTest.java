package dev.fleetroll.rollout.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.CapacityPolicy;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PoolCapacityTest {

  private static final String POOL = "releng-hardware/gecko-t-linux-talos-2404";
  private static final List<String> EIGHT = IntStream.rangeClosed(1, 8).mapToObj(i -> "t-linux64-ms-00" + i).toList();
  private static final CapacityPolicy FLOOR_75 = new CapacityPolicy(75, null);

  private static PoolLook pool(List<String> quarantined, int pending) {
    return new PoolLook(POOL, EIGHT, quarantined, pending);
  }

  @Test
  void aPoolOfEightAt75PercentSparesTwoWorkersCountingOursInFlight() {
    assertThat(PoolCapacity.judge(FLOOR_75, pool(List.of(), 0), List.of(), "t-linux64-ms-001").starts()).isTrue();
    assertThat(PoolCapacity.judge(FLOOR_75, pool(List.of(), 0), List.of("t-linux64-ms-001"), "t-linux64-ms-002").starts())
        .isTrue();
    // Started but not quarantined yet: still out.
    CapacityVerdict third = PoolCapacity.judge(FLOOR_75, pool(List.of(), 0),
        List.of("t-linux64-ms-001", "t-linux64-ms-002.example.com"), "t-linux64-ms-003");
    assertThat(third.starts()).isFalse();
    assertThat(third.why()).isEqualTo("gecko-t-linux-talos-2404: 6/8 available, floor 75%: t-linux64-ms-003 waits");
  }

  @Test
  void anotherPartysQuarantineCountsAndOursIsNotCountedTwice() {
    PoolLook oneByOthers = pool(List.of("t-linux64-ms-008"), 0);
    assertThat(PoolCapacity.judge(FLOOR_75, oneByOthers, List.of(), "t-linux64-ms-001").starts()).isTrue();
    assertThat(PoolCapacity.judge(FLOOR_75, oneByOthers, List.of("t-linux64-ms-001"), "t-linux64-ms-002").why())
        .isEqualTo("gecko-t-linux-talos-2404: 6/8 available, floor 75%: t-linux64-ms-002 waits");
    PoolLook oursQuarantined = pool(List.of("t-linux64-ms-001"), 0);
    assertThat(PoolCapacity.judge(FLOOR_75, oursQuarantined, List.of("t-linux64-ms-001"), "t-linux64-ms-002").starts())
        .isTrue();
  }

  @Test
  void aPoolTooSmallForTheFloorRollsOneHostAtATimeOnlyWhileNoneIsOut() {
    PoolLook four = new PoolLook(POOL, List.of("a", "b", "c", "d"), List.of(), 0);
    CapacityPolicy floor80 = new CapacityPolicy(80, null);
    assertThat(PoolCapacity.judge(floor80, four, List.of(), "a").starts()).isTrue();
    assertThat(PoolCapacity.judge(floor80, four, List.of("a"), "b").why())
        .isEqualTo("gecko-t-linux-talos-2404: 3/4 available, floor 80%: b waits");
    assertThat(PoolCapacity.judge(floor80, new PoolLook(POOL, List.of("a", "b", "c", "d"), List.of("d"), 0), List.of(),
        "a").starts()).isFalse();
  }

  @Test
  void theBacklogLimitHoldsWhilePendingTasksPerAvailableWorkerExceedIt() {
    CapacityPolicy backlog = new CapacityPolicy(0, 5.0);
    assertThat(PoolCapacity.judge(backlog, pool(List.of(), 40), List.of(), "t-linux64-ms-001").starts()).isTrue();
    assertThat(PoolCapacity.judge(backlog, pool(List.of("t-linux64-ms-008"), 40), List.of(), "t-linux64-ms-001").why())
        .isEqualTo("gecko-t-linux-talos-2404: 40 pending tasks for 7 available workers, more than 5 per worker:"
            + " t-linux64-ms-001 waits");
    assertThat(PoolCapacity.judge(new CapacityPolicy(0, 0.0), pool(List.of(), 1), List.of(), "t-linux64-ms-001").starts())
        .isFalse();
    assertThat(PoolCapacity.judge(FLOOR_75, pool(List.of(), 10_000), List.of(), "t-linux64-ms-001").starts()).isTrue();
  }

  @Test
  void noPoolOrAWorkerAlreadyOutNeverWaits() {
    assertThat(PoolCapacity.judge(FLOOR_75, PoolLook.none(), List.of("x"), "t-linux64-ms-001").starts()).isTrue();
    assertThat(PoolCapacity.judge(FLOOR_75, pool(List.of("t-linux64-ms-005", "t-linux64-ms-006", "t-linux64-ms-007"), 0),
        List.of(), "t-linux64-ms-005").starts()).isTrue();
  }
}
