package dev.fleetroll.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The data directory: everything Fleetroll writes locally lives under it (server database, logs,
 * pid files, the inventory store, the simulated fleet), so two data directories never interfere.
 * It is {@code $FLEETROLL_HOME}, else {@code ~/.fleetroll}.
 */
public record FleetrollHome(Path root) {

  public static FleetrollHome fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static FleetrollHome fromEnvironment(Map<String, String> env) {
    String configured = env.get("FLEETROLL_HOME");
    Path root = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".fleetroll");
    return new FleetrollHome(root.toAbsolutePath().normalize());
  }

  /** Log files of the processes we start in the background. */
  public Path logs() {
    return directory("logs");
  }

  /** Pid and state files of the processes we start in the background. */
  public Path run() {
    return directory("run");
  }

  /** The Temporal dev server's SQLite file. */
  public Path temporalDatabase() {
    return directory("temporal").resolve("temporal.db");
  }

  /** The inventory store (SQLite) and content-addressed files. */
  public Path store() {
    return directory("store");
  }

  /** Default directory of the simulated fleet. */
  public Path sim() {
    return root.resolve("sim");
  }

  private Path directory(String name) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return dir;
  }
}
