package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * The command line {@code main} builds for its arguments (only the command they name in full) answers
 * exactly as the one with every command built: the same help, the same usage errors and exit codes.
 */
class CommandLineForArgumentsTest {

  record Run(int exitCode, String out, String err) {}

  private static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static void assertSameAnswer(String... args) {
    Run full = run(Fleetroll.commandLine(), args);
    Run forArgs = run(Fleetroll.commandLine(args), args);
    assertThat(forArgs).as("fleetroll " + String.join(" ", args)).isEqualTo(full);
  }

  @TestFactory
  Stream<DynamicTest> everyCommandsHelpIsTheSame() {
    List<List<String>> paths = new ArrayList<>();
    ExitCodeTest.collect(Fleetroll.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(40);
    return paths.stream().map(path -> DynamicTest.dynamicTest("fleetroll " + String.join(" ", path) + " --help", () -> {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      assertSameAnswer(args.toArray(String[]::new));
    }));
  }

  @Test
  void usageErrorsAreTheSame() {
    assertSameAnswer();
    assertSameAnswer("rollot");
    assertSameAnswer("--bogus");
    assertSameAnswer("rollout");
    assertSameAnswer("rollout", "stauts", "x");
    assertSameAnswer("rollout", "status");
    assertSameAnswer("rollout", "list", "--limit", "many");
    assertSameAnswer("--debug", "rollout", "list", "--debug", "--help"); // the inherited option, twice
    assertSameAnswer("host", "audit", "--nope");
    assertSameAnswer("--version");
  }

  @Test
  void onlyTheNamedCommandIsBuiltInFull() {
    CommandLine cli = Fleetroll.commandLine("rollout", "status", "rollout-x");

    assertThat(cli.getSubcommands().get("rollout").getSubcommands()).containsKey("status");
    assertThat(cli.getSubcommands().get("host").getSubcommands()).as("listed by name only").isEmpty();
    assertThat(Fleetroll.commandLine().getSubcommands().get("host").getSubcommands()).containsKey("audit");
  }
}
