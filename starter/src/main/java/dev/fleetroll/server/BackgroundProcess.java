package dev.fleetroll.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts processes that outlive the CLI (their own session, stdin from /dev/null, output appended to a
 * log file) and stops them the way services are stopped: SIGTERM, a grace period, then SIGKILL.
 */
public final class BackgroundProcess {

  private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
      || Files.isExecutable(Path.of("/bin/setsid"));

  private static final java.util.regex.Pattern ERROR =
      java.util.regex.Pattern.compile("(?i)\\b(error|fatal|exception|failed)\\b");

  private BackgroundProcess() {}

  /**
   * Starts {@code command} detached: in a new session (setsid), so that closing the terminal or Ctrl-C in
   * it does not reach the process. Its pid is recorded in {@code pidFile}.
   */
  public static Process start(List<String> command, Map<String, String> environment, Path log, PidFile pidFile) {
    List<String> full = new ArrayList<>();
    if (HAS_SETSID) {
      full.add("setsid"); // execs in place (we are not a group leader), so the pid stays the same
    }
    full.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(full)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      pidFile.write(process.toHandle());
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.getFirst(), e);
    }
  }

  /**
   * SIGTERM, wait up to {@code grace}, then SIGKILL.
   *
   * @return true when the process stopped within the grace period
   */
  public static boolean stop(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitExit(process, Duration.ofSeconds(10));
    return false;
  }

  /** SIGKILL, as a crash would; waits until the process is gone. */
  public static void kill(ProcessHandle process) {
    process.destroyForcibly();
    awaitExit(process, Duration.ofSeconds(10));
  }

  public static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /**
   * The line of a log that best says in one line why a process died: the last one that mentions an
   * error (stack frames aside), else the last one.
   */
  public static String lastLine(Path log) {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        return "(empty log)";
      }
      return lines.reversed().stream()
          .filter(l -> !l.startsWith("\t") && !l.startsWith(" ") && ERROR.matcher(l).find())
          .findFirst().orElse(lines.getLast()).strip();
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ")";
    }
  }
}
