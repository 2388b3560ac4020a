package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.server.ServerPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Exit codes: 0 success, 1 operation failed, 2 usage or input error; errors are one line. */
class ExitCodeTest {

  record Run(int exitCode, String out, String err) {}

  static Run fleetroll(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fleetroll.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @TestFactory
  Stream<DynamicTest> everyCommandHasHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(Fleetroll.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).extracting(p -> String.join(" ", p))
        .contains("", "server", "server start", "server stop", "server status", "worker", "ping", "generate-completion");
    return paths.stream().map(path -> DynamicTest.dynamicTest("fleetroll " + String.join(" ", path) + " --help", () -> {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Run run = fleetroll(args.toArray(String[]::new));
      assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
      assertThat(run.out()).startsWith("Usage: fleetroll" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
    }));
  }

  static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandSpec().name().equals(name)) { // skip aliases
        List<String> next = new ArrayList<>(path);
        next.add(name);
        collect(sub, next, paths);
      }
    });
  }

  @Test
  void versionNamesFleetrollAndJava() {
    Run run = fleetroll("--version");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).startsWith("fleetroll ").contains("Java 25");
  }

  @Test
  void unknownOptionIsAUsageErrorOnOneLine() {
    Run run = fleetroll("server", "start", "--bogus");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err().lines()).containsExactly(
        "fleetroll: Unknown option: '--bogus' (see 'fleetroll server start --help')");
  }

  @Test
  void misspelledCommandSuggestsTheRightOne() {
    Run run = fleetroll("server", "strat");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("'strat'").contains("did you mean").contains("'start'");
  }

  @Test
  void commandWithoutSubcommandPrintsItsUsage() {
    Run run = fleetroll("server");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).startsWith("Usage: fleetroll server").contains("start").contains("stop").contains("status");
  }

  @Test
  void malformedDurationIsAUsageError() {
    Run run = fleetroll("ping", "--work", "5x");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err().lines()).containsExactly("fleetroll: Invalid value for option '--work': '5x' is not a duration"
        + " (write e.g. 30s, 5m, 1h30m) (see 'fleetroll ping --help')");
  }

  @Test
  void impossiblePortsAreAnInputErrorAndStartNothing() {
    Run run = fleetroll("server", "start", "--port", "17999", "--ui-port", "17999");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err().lines()).containsExactly("fleetroll: the gRPC and Web UI ports must differ (both are 17999)");
    assertThat(ServerPorts.inUse(17999)).isFalse();
  }

  @Test
  void unreachableServerIsAnOperationFailureOnOneLine() {
    String address = ServerPorts.free().address();

    Run run = fleetroll("ping", "--address", address);

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("fleetroll: cannot reach Temporal at " + address);
  }

  @Test
  void debugAddsTheStackTrace() {
    Run run = fleetroll("--debug", "ping", "--address", ServerPorts.free().address());

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err()).contains("\tat dev.fleetroll.cli.server.TemporalConnection.open");
    assertThat(run.err().lines().toList().getLast()).startsWith("fleetroll: cannot reach Temporal");
    assertThat(Fleetroll.debug()).isTrue();
    fleetroll("--version");
    assertThat(Fleetroll.debug()).as("--debug does not stick to the next command line").isFalse();
  }
}
