package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.rollout.plan.AdvanceMode;
import dev.fleetroll.rollout.plan.StagePolicy;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ended rollout's result carries what {@code rollout status} and {@code history} show, so that they read
 * it instead of a query that replays the whole history: the same as the progress query answers.
 */
class RolloutResultTest extends RolloutHarness {

  @Test
  void theResultCarriesTheProgressTheQueryAnswersOnceTheRolloutEnded() {
    RolloutSpec spec = spec("result", hosts("h1", "h2", "h3"),
        policy(new StagePolicy(1, List.of("100%")), 2, AdvanceMode.MANUAL));
    RolloutWorkflow rollout = start(spec);
    awaitProgress(rollout, p -> p.status() == RolloutStatus.WAITING_FOR_ASSESSMENT);
    rollout.pause(new OperatorCommand("alice", "lunch"));
    rollout.resume(new OperatorCommand("alice", null));
    rollout.advance(new OperatorCommand("bob", "canary fine"));

    RolloutResult result = result(rollout);
    RolloutProgress queried = rollout.progress(); // replays the ended workflow

    assertThat(result.finalProgress()).isEqualTo(queried);
    assertThat(queried.status()).isEqualTo(RolloutStatus.SUCCEEDED);
    assertThat(queried.decisions()).extracting(Decision::kind).contains("pause", "resume", "advance");
  }

  @Test
  void theResultHoldsTheHostsOnce() {
    RolloutSpec spec = spec("once", hosts("h1", "h2"), policy(new StagePolicy(2, List.of("100%")), 2, AdvanceMode.AUTO));
    RolloutResult result = result(start(spec));

    String json = new String(DefaultDataConverter.newDefaultInstance().toPayload(result).orElseThrow()
        .getData().toByteArray(), StandardCharsets.UTF_8);
    assertThat(json.split("\"outcome\"", -1)).as("one outcome per host").hasSize(3);
    assertThat(result.last().hosts()).isEmpty();
    assertThat(result.finalProgress().hosts()).isEqualTo(result.hosts());
  }

  @Test
  void theResultOfARolloutEndedByThePreviousBuildHasNone() throws Exception {
    String json = Files.readString(Path.of(getClass().getResource("/histories/rollout-twenty-stages.json").toURI()));
    HistoryEvent completed = WorkflowExecutionHistory.fromJson(json).getEvents().getLast();
    RolloutResult old = DefaultDataConverter.newDefaultInstance().fromPayloads(0,
        Optional.of(completed.getWorkflowExecutionCompletedEventAttributes().getResult()), RolloutResult.class,
        RolloutResult.class);

    assertThat(old.hosts()).hasSize(20);
    assertThat(old.finalProgress()).as("status and history query such a rollout, as before").isNull();
  }
}
