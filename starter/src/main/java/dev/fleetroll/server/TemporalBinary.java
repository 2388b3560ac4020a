package dev.fleetroll.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Temporal CLI binary that runs the dev server. {@code tools/temporal-cli/build.sh} is the one place
 * that decides where it comes from ($FLEETROLL_TEMPORAL_BIN, PATH, the cache, or a build from the Go
 * module proxy); this class runs it and reports its one-line error when there is no way to get one.
 */
public final class TemporalBinary {

  private TemporalBinary() {}

  /**
   * @param progress where the build script's progress lines go ("building ... once", elapsed time)
   */
  public static Path locate(Repository repository, Consumer<String> progress) {
    Path script = repository.temporalBuildScript();
    String path = SetupScript.run(List.of("bash", script.toString()), progress);
    if (path.isEmpty() || !Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(script + " named no executable Temporal CLI (" + path + ")");
    }
    return Path.of(path);
  }
}
