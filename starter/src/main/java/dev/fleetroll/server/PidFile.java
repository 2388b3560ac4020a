package dev.fleetroll.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A pid file that also records when the process started, so a recycled pid is never mistaken for
 * our process (and never signalled).
 */
public record PidFile(Path path) {

  /** Start times from /proc have jiffy resolution and are rounded differently by the JDK; allow for it. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

  public void write(ProcessHandle process) {
    Instant started = process.info().startInstant().orElse(Instant.EPOCH);
    try {
      Files.createDirectories(path.getParent());
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(tmp, process.pid() + " " + started.toEpochMilli() + "\n");
      Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The recorded process, if it still runs. */
  public Optional<ProcessHandle> live() {
    String[] fields;
    try {
      if (!Files.exists(path)) {
        return Optional.empty();
      }
      fields = Files.readString(path).strip().split("\\s+");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    try {
      long pid = Long.parseLong(fields[0]);
      Instant recorded = Instant.ofEpochMilli(Long.parseLong(fields[1]));
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant()
              .map(actual -> Duration.between(recorded, actual).abs().compareTo(START_TOLERANCE) <= 0)
              .orElse(false));
    } catch (RuntimeException e) {
      return Optional.empty(); // a file we did not write, or half written: nothing of ours runs
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
