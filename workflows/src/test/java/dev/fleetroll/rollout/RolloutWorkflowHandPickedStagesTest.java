package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.StagePick;
import dev.fleetroll.rollout.plan.StagePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollout whose plan hand-picks its stages (issue 15, item 3), on the time-skipping test server. */
class RolloutWorkflowHandPickedStagesTest extends RolloutHarness {

  @Test
  void aHandPickedCanaryStartsExactlyItsHostsFirstAndTheSizesTakeTheRest() throws InterruptedException {
    RolloutSpec spec = spec("picked", hosts("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"),
        policy(new StagePolicy(StagePick.hosts(List.of("h3", "h7")),
            List.of(StagePick.hosts(List.of("h8")), StagePick.size("100%"))), 2, AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);

    RolloutProgress canary = awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    assertThat(canary.currentStage().name()).isEqualTo("canary");
    assertThat(canary.succeeded()).isEqualTo(2);
    assertThat(fleet.order("quarantine")).containsExactlyInAnyOrder("h3", "h7");
    assertThat(canary.stages()).extracting(StageProgress::name, StageProgress::hosts).containsExactly(
        org.assertj.core.groups.Tuple.tuple("canary", 2), org.assertj.core.groups.Tuple.tuple("batch 1", 1),
        org.assertj.core.groups.Tuple.tuple("batch 2", 5));

    rollout.advance(new OperatorCommand("alice", "canaries fine"));
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT && p.stageIndex() == 1);
    assertThat(fleet.order("quarantine")).hasSize(3).endsWith("h8");
    rollout.advance(new OperatorCommand("alice", null));
    RolloutResult result = result(rollout);

    assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(fleet.order("quarantine").subList(3, 8)).containsExactlyInAnyOrder("h1", "h2", "h4", "h5", "h6");
  }
}
