package dev.fleetroll.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Temporal CLI binary that runs the dev server. {@code tools/temporal-cli/build.sh} is the one place
 * that decides where it comes from ($FLEETROLL_TEMPORAL_BIN, PATH, the cache, or a build from the Go
 * module proxy); this class runs it and reports its one-line error when there is no way to get one.
 */
public final class TemporalBinary {

  private TemporalBinary() {}

  /**
   * @param progress where the build script's progress lines go ("building ... about 4 minutes")
   */
  public static Path locate(Repository repository, Consumer<String> progress) {
    Path script = repository.temporalBuildScript();
    Process process;
    try {
      process = new ProcessBuilder("bash", script.toString()).redirectInput(ProcessBuilder.Redirect.from(
          Path.of("/dev/null").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    }
    AtomicReference<String> lastError = new AtomicReference<>();
    Thread stderr = Thread.ofVirtual().start(() -> relay(process, progress, lastError));
    try {
      String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      int exit = process.waitFor();
      stderr.join();
      if (exit != 0 || path.isEmpty() || !Files.isExecutable(Path.of(path))) {
        String reason = lastError.get() != null ? lastError.get() : script + " failed with exit code " + exit;
        throw new IllegalStateException(reason.replaceFirst("^fleetroll: ", ""));
      }
      return Path.of(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while locating the Temporal CLI", e);
    }
  }

  /** Shows progress lines as they come; keeps the last one back, since it is the error when the script fails. */
  private static void relay(Process process, Consumer<String> progress, AtomicReference<String> last) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String previous = last.getAndSet(line);
        if (previous != null) {
          progress.accept(previous);
        }
      }
      if (process.waitFor() == 0 && last.get() != null) {
        progress.accept(last.get());
      }
    } catch (IOException e) {
      // the script died; its exit code tells the rest
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
