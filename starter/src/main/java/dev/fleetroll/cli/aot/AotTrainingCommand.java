package dev.fleetroll.cli.aot;

import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Fleetroll;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The training run of the CLI's ahead-of-time cache (tools/cli-jvm.sh runs it once per build, under
 * {@code -XX:AOTCacheOutput}): the commands people run most, in one JVM, so that the classes they load and
 * link are in the cache. The Temporal commands talk to a {@link TrainingFrontend}. Fails when a command
 * does not do what it does for people, so that a training that no longer trains is noticed.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
    description = "Train the CLI's start-up cache (the build runs it).")
public final class AotTrainingCommand implements Callable<Integer> {

  /** A command line and the exit code it has when it works. */
  private record Run(int exitCode, String... args) {}

  @Override
  public Integer call() throws Exception {
    try (TrainingFrontend frontend = new TrainingFrontend()) {
      String address = frontend.address();
      List<Run> runs = List.of(
          new Run(ExitCode.OK, "--help"),
          new Run(ExitCode.OK, "--version"),
          new Run(ExitCode.OK, "rollout", "--help"),
          new Run(ExitCode.OK, "rollout", "status", "--help"),
          new Run(ExitCode.FAILED, "server", "status"),
          new Run(ExitCode.OK, "rollout", "list", "--address", address),
          new Run(ExitCode.OK, "rollout", "status", TrainingFrontend.RUNNING, "--address", address),
          new Run(ExitCode.OK, "rollout", "status", TrainingFrontend.ENDED, "--address", address),
          new Run(ExitCode.OK, "rollout", "status", TrainingFrontend.ENDED, "--json", "--address", address),
          new Run(ExitCode.OK, "rollout", "history", TrainingFrontend.RUNNING, "--address", address),
          new Run(ExitCode.OK, "rollout", "history", TrainingFrontend.ENDED, "--json", "--address", address),
          new Run(ExitCode.USAGE, "rollout", "status", "rollout-unknown", "--address", address),
          new Run(ExitCode.USAGE, "rollout", "status"));
      for (Run run : runs) {
        execute(run);
      }
    }
    return ExitCode.OK;
  }

  private static void execute(Run run) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      CommandLine cli = Fleetroll.commandLine(run.args()); // as main builds it
      cli.setOut(new PrintWriter(OutputStream.nullOutputStream()));
      cli.setErr(new PrintWriter(errors, true, StandardCharsets.UTF_8));
      code = cli.execute(run.args());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    if (code != run.exitCode()) {
      throw new IllegalStateException("training: 'fleetroll " + String.join(" ", run.args()) + "' exited " + code
          + " instead of " + run.exitCode() + ": " + errors.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
