package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.rollout.RolloutState.Phase;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Continue-as-new carries the whole rollout in its {@link RolloutState}, whose JSON is the record's it was
 * before issue 14: states written by that build (test resources {@code states/}, serialised by it) read here
 * and are written back the same.
 */
class RolloutStateTest {

  private static final DataConverter JSON = DefaultDataConverter.STANDARD_INSTANCE;

  /** The workflow's own fields, none of which continue-as-new carries, and why it need not. */
  private static final Map<String, String> NOT_CARRIED = Map.ofEntries(
      Map.entry("spec", "the input carries it"),
      Map.entry("state", "carried: it is the state"),
      Map.entry("view", "built from the spec and the state"),
      Map.entry("gates", "built from the spec and the state"),
      Map.entry("watch", "built from the spec and the state"),
      Map.entry("stage", "built from the spec and the state"),
      Map.entry("leases", "built from the spec"),
      Map.entry("notifier", "settled before continuing as new"),
      Map.entry("commands", "built from the spec and the state"),
      Map.entry("window", "empty: continue-as-new waits until no host is in flight"),
      Map.entry("abortSettled", "false: an aborting rollout never continues as new"),
      Map.entry("ending", "false: an ending rollout never continues as new"),
      Map.entry("advanceRequested", "false: continuing as new waits for the advance it was asked for"),
      Map.entry("advanceBatch", "null, as advanceRequested"),
      Map.entry("signalsHandled", "asked of the signals marker at the start of every run"),
      Map.entry("signals", "the handlers' state: built at the start of every run"),
      Map.entry("schedule", "built from the spec and the state"),
      Map.entry("on", "asked of the schedule marker at the start of every run"),
      Map.entry("wakeAt", "this run's wake-up timer: a held stage runs, and a running stage never continues as new"),
      Map.entry("wake", "as wakeAt"),
      Map.entry("seen", "as wakeAt: looked at again at the top of every turn of the stage runner"));

  /** The workflow and the parts it is built of, which live as long as one run. */
  private static final List<Class<?>> RUN_PARTS = List.of(RolloutWorkflowImpl.class, RolloutCommands.class,
      StageRunner.class, GateWatch.class, StartSchedule.class);

  @Test
  void everyFieldOfTheWorkflowIsInTheStateOrSaysWhyNot() {
    for (Class<?> part : RUN_PARTS) {
      for (Field field : part.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          assertThat(NOT_CARRIED).as("a field of " + part.getSimpleName() + " outside RolloutState: " + field.getName())
              .containsKey(field.getName());
        }
      }
    }
  }

  @Test
  void aStateWrittenBeforeIssue14ReadsAndIsWrittenBackTheSame() throws Exception {
    String old = read("rollout-state-paused-on-gate.json");

    RolloutState state = fromJson(old);

    assertThat(state.phase).isEqualTo(Phase.WAITING);
    assertThat(state.status).isEqualTo(RolloutStatus.PAUSED_ON_GATE);
    assertThat(state.hosts).containsOnlyKeys("a", "b");
    assertThat(state.acceptedFailures).isEqualTo(1);
    assertThat(state.acceptedGates).containsExactly("max_failed_hosts");
    assertThat(tree(toJson(state))).isEqualTo(tree(old));
  }

  @Test
  void aStateFromBeforeTheGatesRunsItsStageAgainWithNothingAccepted() throws Exception {
    RolloutState state = fromJson(read("rollout-state-before-gates.json"));

    assertThat(state.phase).isEqualTo(Phase.RUNNING_STAGE);
    assertThat(state.stageIndex).isEqualTo(1);
    assertThat(state.acceptedFailures).isZero();
    assertThat(state.acceptedGates).isEmpty();
    assertThat(state.hostRecords()).extracting(HostRecord::host).containsExactly("a", "b");
  }

  @Test
  void aStateWithoutTheWaitingPropertyRunsItsStage() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(read("rollout-state-before-gates.json"));
    node.remove("waiting");

    assertThat(fromJson(node.toString()).phase).isEqualTo(Phase.RUNNING_STAGE);
  }

  private static String read(String name) throws Exception {
    return Files.readString(Path.of(RolloutStateTest.class.getResource("/states/" + name).toURI()));
  }

  private static RolloutState fromJson(String json) {
    Payload payload = Payload.newBuilder().putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
        .setData(com.google.protobuf.ByteString.copyFromUtf8(json)).build();
    return JSON.fromPayload(payload, RolloutState.class, RolloutState.class);
  }

  private static String toJson(RolloutState state) {
    Optional<Payload> payload = JSON.toPayload(state);
    return payload.orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }
}
