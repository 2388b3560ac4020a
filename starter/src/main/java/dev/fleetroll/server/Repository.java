package dev.fleetroll.server;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Fleetroll checkout, or the unpacked package (fleetroll-VERSION.tar.gz), the CLI runs from: where the
 * Temporal CLI build script and the worker are.
 */
public record Repository(Path root) {

  private static final String BUILD_SCRIPT = "tools/temporal-cli/build.sh";

  /** {@code $FLEETROLL_REPO} (set by the launcher), else the checkout around these classes or the working directory. */
  public static Repository locate(Map<String, String> env) {
    String configured = env.get("FLEETROLL_REPO");
    if (configured != null && !configured.isBlank()) {
      return new Repository(Path.of(configured).toAbsolutePath().normalize());
    }
    return around(codeLocation())
        .or(() -> around(Path.of("").toAbsolutePath()))
        .orElseThrow(() -> new IllegalStateException(
            "cannot find the Fleetroll checkout or package (no " + BUILD_SCRIPT + " above this program); set FLEETROLL_REPO"));
  }

  public Path temporalBuildScript() {
    return root.resolve(BUILD_SCRIPT);
  }

  /**
   * The worker application: a package's {@code java/fleetroll-worker.jar}, else the one {@code ./fleetroll
   * build} built (its dependencies sit in {@code lib/} beside it).
   */
  public Path workerJar() {
    Path packaged = root.resolve("java/fleetroll-worker.jar");
    return Files.isRegularFile(packaged) ? packaged : root.resolve("worker/target/fleetroll-worker.jar");
  }

  private static Optional<Repository> around(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(BUILD_SCRIPT))) {
        return Optional.of(new Repository(dir));
      }
    }
    return Optional.empty();
  }

  private static Path codeLocation() {
    try {
      return Path.of(Repository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }
}
