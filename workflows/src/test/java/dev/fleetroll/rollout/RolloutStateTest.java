package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Continue-as-new carries the whole rollout: a field added to the workflow and forgotten here fails. */
class RolloutStateTest {

  /** The workflow's fields that continue-as-new does not carry, and why it need not. */
  private static final Map<String, String> NOT_CARRIED = Map.ofEntries(
      Map.entry("spec", "the input carries it"),
      Map.entry("gates", "built from the spec"),
      Map.entry("leases", "built from the spec"),
      Map.entry("notifier", "settled before continuing as new"),
      Map.entry("window", "empty: continue-as-new waits until no host is in flight"),
      Map.entry("published", "the search attributes stay on the server"),
      Map.entry("abortSettled", "false: an aborting rollout never continues as new"),
      Map.entry("ending", "false: an ending rollout never continues as new"),
      Map.entry("advanceRequested", "false: continuing as new waits for the advance it was asked for"),
      Map.entry("advanceBatch", "null, as advanceRequested"),
      Map.entry("signalsHandled", "asked of the signals marker at the start of every run"),
      Map.entry("signals", "the handlers' state: built at the start of every run"));

  /** The workflow's name of a field that the state names otherwise. */
  private static final Map<String, String> RENAMED = Map.of("gateReport", "gates");

  @Test
  void everyFieldOfTheRolloutIsCarriedAcrossContinueAsNew() {
    Set<String> carried = Arrays.stream(RolloutState.class.getRecordComponents()).map(RecordComponent::getName)
        .collect(Collectors.toSet());

    for (Field field : RolloutWorkflowImpl.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) || NOT_CARRIED.containsKey(field.getName())) {
        continue;
      }
      assertThat(carried).as("RolloutState carries " + field.getName()).contains(
          RENAMED.getOrDefault(field.getName(), field.getName()));
    }
  }
}
