package dev.fleetroll.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/temporal-cli/build.sh, run the way the CLI runs it, with a stand-in for {@code go build} (a
 * real build takes minutes): it says what it does and that it happens once, shows the elapsed time at
 * least every 15 s, and a failed build ends with the compiler's last line as the error.
 */
class TemporalCliBuildTest {
  @TempDir Path dir;

  @Test
  void aSlowBuildSaysWhatItDoesAndShowsItsElapsedTime() throws Exception {
    fakeGo("sleep 22; printf '#!/bin/sh\\n' > \"$out\"; chmod +x \"$out\"");
    List<String> progress = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();

    String path = SetupScript.run(command(), line -> progress.add(((System.nanoTime() - started) / 1_000_000_000) + " " + line));

    assertThat(Path.of(path)).isExecutable().startsWith(dir.resolve("cache"));
    assertThat(progress).hasSize(3);
    assertThat(progress.get(0)).matches("[0-2] fleetroll: building the Temporal CLI v1\\.8\\.2 .* once per machine .*");
    assertThat(progress.get(1)).as("shown when it is printed, not held back until the next line (at 22 s)")
        .matches("(1[5-9]|20) fleetroll: still building the Temporal CLI, 15 s so far \\(log: .*build\\.log\\)");
    assertThat(progress.get(2)).matches("2\\d fleetroll: built the Temporal CLI in 2\\d s");
  }

  @Test
  void aFailedBuildEndsWithTheCompilersLastLine() throws Exception {
    fakeGo("echo 'go: github.com/temporalio/cli@v1.8.2: reading proxy: 403 Forbidden' >&2; exit 1");
    List<String> progress = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> SetupScript.run(command(), progress::add))
        .hasMessageStartingWith("building the Temporal CLI failed: go: github.com/temporalio/cli@v1.8.2: reading proxy: 403 Forbidden");
    assertThat(progress).hasSize(1).allMatch(l -> l.startsWith("fleetroll: building the Temporal CLI"));
  }

  /** A `go` that runs {@code body} with {@code $out} set to the -o argument. */
  private void fakeGo(String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path go = Files.writeString(bin.resolve("go"), "#!/bin/bash\nout=\nwhile [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n"
        + body + "\n");
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> command() {
    Path script = Repository.locate(Map.of()).temporalBuildScript();
    return new ArrayList<>(List.of("env", "-u", "FLEETROLL_TEMPORAL_BIN", "XDG_CACHE_HOME=" + dir.resolve("cache"),
        "PATH=" + dir.resolve("bin") + ":/usr/bin:/bin", "bash", script.toString()));
  }
}
