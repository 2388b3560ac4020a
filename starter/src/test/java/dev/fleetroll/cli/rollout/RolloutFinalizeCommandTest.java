package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RolloutFinalizeCommandTest {

  @Test
  void isARolloutSubcommandWithItsOptions() {
    CommandLine rollout = new CommandLine(new RolloutCommand());
    CommandLine.ParseResult parsed = rollout.parseArgs("finalize", "rollout-fix-20261123-0931", "--all", "--confirm",
        "--reason", "merged upstream", "--observe", "30m");

    RolloutFinalizeCommand finalize = (RolloutFinalizeCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(finalize.id).isEqualTo("rollout-fix-20261123-0931");
    assertThat(finalize.all).isTrue();
    assertThat(finalize.confirm).isTrue();
    assertThat(finalize.reason).isEqualTo("merged upstream");
    assertThat(finalize.observe).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void observesAnHourByDefault() {
    CommandLine.ParseResult parsed = new CommandLine(new RolloutCommand()).parseArgs("finalize", "X", "--acknowledge");

    RolloutFinalizeCommand finalize = (RolloutFinalizeCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(finalize.observe).isEqualTo(Duration.ofHours(1));
    assertThat(finalize.acknowledge).isTrue();
    assertThat(FinalizeCheck.refusal("X", finalize.all, finalize.confirm, finalize.observe)).contains("--all");
  }
}
