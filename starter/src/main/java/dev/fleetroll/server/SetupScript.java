package dev.fleetroll.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one of Fleetroll's setup scripts (tools/*.sh: the Temporal CLI build, the Debian packages). Their
 * convention: progress on stderr, one line each, shown as it comes; on failure the last stderr line is the
 * error; stdout is the result.
 */
public final class SetupScript {

  private SetupScript() {}

  /**
   * @param command the script and its arguments, e.g. {@code bash tools/temporal-cli/build.sh}
   * @param progress where the progress lines go
   * @return what the script printed on stdout, stripped
   * @throws IllegalStateException with the script's last error line when it fails
   */
  public static String run(List<String> command, Consumer<String> progress) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    }
    AtomicReference<String> lastError = new AtomicReference<>();
    Thread stderr = Thread.ofVirtual().start(() -> relay(process, progress, lastError));
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      int exit = process.waitFor();
      stderr.join();
      if (exit != 0) {
        String reason = lastError.get() != null ? lastError.get() : command.getLast() + " failed with exit code " + exit;
        throw new IllegalStateException(reason.replaceFirst("^fleetroll: ", ""));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /**
   * Shows progress lines as they come. A line is held back while the script may still end right after it,
   * since the last line of a failing script is its error (thrown, not shown); one that the script
   * outlives by a second is progress ("still building, 45 s so far") and is shown then.
   */
  private static void relay(Process process, Consumer<String> progress, AtomicReference<String> last) {
    BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(Optional.of(line));
        }
      } catch (IOException e) {
        // the script died; its exit code tells the rest
      } finally {
        lines.add(Optional.empty());
      }
    });
    try {
      String held = null;
      while (true) {
        Optional<String> next = lines.poll(1, TimeUnit.SECONDS);
        if (next == null) { // a second without a new line
          if (held != null && process.isAlive()) {
            progress.accept(held);
            held = null;
          }
          continue;
        }
        if (next.isEmpty()) {
          break;
        }
        if (held != null) {
          progress.accept(held);
        }
        held = next.get();
        last.set(held);
      }
      if (held != null && process.waitFor() == 0) {
        progress.accept(held);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
