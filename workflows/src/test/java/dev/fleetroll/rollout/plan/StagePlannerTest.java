package dev.fleetroll.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagePlannerTest {

  @Test
  void canaryOfTwoThenHalfOfTheRestThenTheRest() {
    List<HostTarget> hosts = linux(20);

    List<Stage> stages = StagePlanner.plan(hosts, new StagePolicy(2, List.of("50%", "100%")));

    assertThat(stages).extracting(Stage::name).containsExactly("canary", "batch 1", "batch 2");
    assertThat(stages).extracting(s -> s.hosts().size()).containsExactly(2, 9, 9);
    assertThat(stages.get(0).hosts()).containsExactly("l01", "l02");
    assertThat(stages.get(1).hosts().getFirst()).isEqualTo("l03");
    assertThat(stages.stream().flatMap(s -> s.hosts().stream()).toList())
        .as("every host exactly once, in plan order after the canary")
        .containsExactlyElementsOf(hosts.stream().map(HostTarget::host).toList());
  }

  @Test
  void lastBatchSizeRepeatsUntilEveryHostHasAStage() {
    List<Stage> stages = StagePlanner.plan(linux(12), new StagePolicy(1, List.of("5")));

    assertThat(stages).extracting(s -> s.hosts().size()).containsExactly(1, 5, 5, 1);
  }

  @Test
  void percentagesRoundUpSoEveryBatchHasAHost() {
    List<Stage> stages = StagePlanner.plan(linux(4), new StagePolicy(1, List.of("10%")));

    assertThat(stages).extracting(s -> s.hosts().size()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void canaryCoversEveryKindOfHostItsSizeAllows() {
    List<HostTarget> hosts = new ArrayList<>(linux(6));
    hosts.add(new HostTarget("m01", HostPlatform.MACOS, "gecko_t_osx_1400_r8"));
    hosts.add(new HostTarget("m02", HostPlatform.MACOS, "gecko_t_osx_1400_r8"));

    List<Stage> stages = StagePlanner.plan(hosts, new StagePolicy(2, List.of("100%")));

    assertThat(stages.get(0).hosts()).containsExactly("l01", "m01");
    assertThat(stages.get(1).hosts()).containsExactly("l02", "l03", "l04", "l05", "l06", "m02");
  }

  @Test
  void canaryLargerThanTheFleetTakesEveryHostAndNoBatchFollows() {
    List<Stage> stages = StagePlanner.plan(linux(3), new StagePolicy(5, List.of("100%")));

    assertThat(stages).hasSize(1);
    assertThat(stages.get(0).hosts()).hasSize(3);
  }

  @Test
  void noHostsNoStages() {
    assertThat(StagePlanner.plan(List.of(), StagePolicy.DEFAULT)).isEmpty();
  }

  @Test
  void anOperatorsBatchSizeCutsTheNextStageAndTheRestKeepTheirs() {
    List<Stage> planned = List.of(new Stage(0, "canary", List.of("a")), new Stage(1, "batch 1", List.of("b", "c", "d")),
        new Stage(2, "batch 2", List.of("e", "f")));

    assertThat(StagePlanner.resizeNext(planned, 1, 2)).containsExactly(new Stage(0, "canary", List.of("a")),
        new Stage(1, "batch 1", List.of("b", "c")), new Stage(2, "batch 2", List.of("d")),
        new Stage(3, "batch 3", List.of("e", "f")));
    assertThat(StagePlanner.resizeNext(planned, 1, 4)).containsExactly(new Stage(0, "canary", List.of("a")),
        new Stage(1, "batch 1", List.of("b", "c", "d", "e")), new Stage(2, "batch 2", List.of("f")));
    assertThat(StagePlanner.resizeNext(planned, 1, 50)).extracting(Stage::hosts)
        .containsExactly(List.of("a"), List.of("b", "c", "d", "e", "f"));
  }

  @Test
  void aHandPickedCanaryTakesExactlyItsHostsInListOrderAndTheSizesShareTheRest() {
    List<Stage> stages = StagePlanner.plan(linux(10),
        new StagePolicy(StagePick.hosts(List.of("l07", "l03")), List.of(StagePick.size("50%"), StagePick.size("100%"))));

    assertThat(stages).extracting(Stage::name).containsExactly("canary", "batch 1", "batch 2");
    assertThat(stages.get(0).hosts()).as("the list's order: the operator's").containsExactly("l07", "l03");
    assertThat(stages.get(1).hosts()).containsExactly("l01", "l02", "l04", "l05");
    assertThat(stages.get(2).hosts()).containsExactly("l06", "l08", "l09", "l10");
  }

  @Test
  void aHandPickedBatchTakesItsHostsAndTheNumericCanaryIsChosenFromTheOthers() {
    List<Stage> stages = StagePlanner.plan(linux(10), new StagePolicy(StagePick.count(1),
        List.of(StagePick.hosts(List.of("l01", "l02")), StagePick.size("3"))));

    assertThat(stages).extracting(Stage::hosts).containsExactly(List.of("l03"), List.of("l01", "l02"),
        List.of("l04", "l05", "l06"), List.of("l07", "l08", "l09"), List.of("l10"));
    assertThat(stages).extracting(Stage::name).containsExactly("canary", "batch 1", "batch 2", "batch 3", "batch 4");
  }

  @Test
  void aListedHostThatIsNotATargetAtTheStartIsSimplyNotInItsStage() {
    List<HostTarget> leased = new ArrayList<>(linux(5));
    leased.removeIf(h -> h.host().equals("l03"));

    List<Stage> stages = StagePlanner.plan(leased,
        new StagePolicy(StagePick.hosts(List.of("l03", "l05")), List.of(StagePick.size("100%"))));

    assertThat(stages).extracting(Stage::hosts).containsExactly(List.of("l05"), List.of("l01", "l02", "l04"));
    assertThat(StagePlanner.plan(leased, new StagePolicy(StagePick.hosts(List.of("l03")), List.of(StagePick.size("2")))))
        .as("a hand-picked stage left without hosts is no stage")
        .containsExactly(new Stage(0, "batch 1", List.of("l01", "l02")), new Stage(1, "batch 2", List.of("l04", "l05")));
  }

  @Test
  void aHandPickedLastBatchDoesNotRepeatTheHostsLeftFormOneBatch() {
    List<Stage> stages = StagePlanner.plan(linux(5),
        new StagePolicy(StagePick.hosts(List.of("l05")), List.of(StagePick.hosts(List.of("l04")))));

    assertThat(stages).extracting(Stage::hosts)
        .containsExactly(List.of("l05"), List.of("l04"), List.of("l01", "l02", "l03"));
  }

  @Test
  void batchSizes() {
    assertThat(BatchSize.parse("50%").of(9)).isEqualTo(5);
    assertThat(BatchSize.parse("100%").of(9)).isEqualTo(9);
    assertThat(BatchSize.parse("3").of(2)).isEqualTo(2);
    assertThat(BatchSize.parse(" 7 ")).hasToString("7");
  }

  private static List<HostTarget> linux(int n) {
    List<HostTarget> hosts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      hosts.add(new HostTarget(String.format("l%02d", i), HostPlatform.LINUX, "gecko_t_linux_2404_talos"));
    }
    return hosts;
  }
}
