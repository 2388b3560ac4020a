package dev.fleetroll.rollout;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.gate.GateVerdict;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validators on their own, for the states a time-skipping test cannot stop in. */
class CommandRulesTest {

  private static final GateReport FAILING = new GateReport(Instant.EPOCH, List.of(new GateResult("success_rate_min",
      GateVerdict.FAIL, 0.5, 0.9, true, "0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)")));
  private static final Map<String, HostRecord> HOSTS = Map.of("h1", new HostRecord(
      new HostTarget("h1", HostPlatform.LINUX, "r"), 0, HostStatus.PENDING, 0, null, 0, null, null));

  private static CommandRules.View view(RolloutStatus status, GateReport gates) {
    return new CommandRules.View("r1", status, null, null, null, false, false, gates, HOSTS, false, false);
  }

  @Test
  void nothingIsAcceptedOnceTheRolloutHasFinished() {
    CommandRules.View done = view(RolloutStatus.SUCCEEDED, null);
    OperatorCommand c = OperatorCommand.host("bob", "why", "h1");

    assertThatThrownBy(() -> CommandRules.skip(done, c)).hasMessage("rollout r1 has finished (succeeded)");
    assertThatThrownBy(() -> CommandRules.abort(done, c)).hasMessage("rollout r1 has finished (succeeded)");
    assertThatThrownBy(() -> CommandRules.resume(done, c)).hasMessage("rollout r1 has finished (succeeded)");
  }

  @Test
  void noHostCommandWhileTheLeasesAreBeingTaken() {
    CommandRules.View starting = view(RolloutStatus.STARTING, null);

    assertThatThrownBy(() -> CommandRules.exclude(starting, OperatorCommand.host("bob", "why", "h1")))
        .hasMessage("rollout r1 is still taking its leases: try again in a moment");
  }

  @Test
  void advanceIsRefusedWhileAGateFailsUnlessForcedWithAReason() {
    CommandRules.View held = view(RolloutStatus.PAUSED_ON_GATE, FAILING);

    assertThatThrownBy(() -> CommandRules.advance(held, new OperatorCommand("bob", null))).hasMessage(
        "rollout r1 is held by its gates: success_rate_min fail: 0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)"
            + " (advance --force --reason TEXT advances anyway)");
    assertThatThrownBy(() -> CommandRules.advance(held, OperatorCommand.advance("bob", "", true, null)))
        .hasMessage("a forced advance needs a reason (--reason TEXT)");
    assertThatCode(() -> CommandRules.advance(held, OperatorCommand.advance("bob", "known flake", true, 3)))
        .doesNotThrowAnyException();
    assertThatCode(() -> CommandRules.advance(view(RolloutStatus.WAITING_FOR_ASSESSMENT, null),
        new OperatorCommand("bob", null))).doesNotThrowAnyException();
  }

  @Test
  void aStrongerAbortIsAcceptedOnlyUntilTheAbortHasSettled() {
    OperatorCommand rollback = OperatorCommand.abort("carol", "talos", AbortMode.ROLLBACK);
    CommandRules.View stopping = new CommandRules.View("r1", RolloutStatus.ABORTING, null, "bob",
        AbortMode.SAFE_STOP, false, false, null, HOSTS, false, false);
    CommandRules.View settled = new CommandRules.View("r1", RolloutStatus.ABORTING, null, "bob",
        AbortMode.SAFE_STOP, true, false, null, HOSTS, false, false);

    CommandRules.abort(stopping, rollback);
    assertThatThrownBy(() -> CommandRules.abort(stopping, OperatorCommand.abort("carol", "x", AbortMode.SAFE_STOP)))
        .hasMessage("rollout r1 is being aborted already (by bob, safe-stop); only a stronger mode can follow");
    assertThatThrownBy(() -> CommandRules.abort(settled, rollback))
        .hasMessage("rollout r1 is being aborted already (by bob, safe-stop)");
  }
}
