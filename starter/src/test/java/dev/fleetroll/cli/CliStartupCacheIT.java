package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's start-up cache as the build made it (target/fleetroll.aot) and as the launcher chooses it
 * (tools/cli-jvm.sh), on a copy of the packaged CLI: used while fresh, with the same output; once a jar
 * changed (newer, older, or only its size), or for another JDK build, the launcher leaves it out and the
 * command answers as before.
 */
class CliStartupCacheIT {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final Path PACKAGED = REPO.resolve("starter/target");
  /** The JDK the launcher and the build's training pick (tools/find-jdk.sh), which may not be this test's. */
  private static final Path JAVA_HOME = Path.of(bash(". \"$0/tools/find-jdk.sh\"; fleetroll_find_jdk; "
      + "printf %s \"$FLEETROLL_JAVA_HOME\"", REPO.toString()));

  @TempDir Path cli;

  @BeforeEach
  void copyThePackagedCli() throws IOException {
    assertThat(PACKAGED.resolve("fleetroll.aot")).as("the build's cache").isRegularFile();
    Files.createDirectories(cli.resolve("lib"));
    for (String name : List.of("fleetroll.jar", "fleetroll.aot", "fleetroll.aot.jdk", "fleetroll.aot.jars")) {
      Files.copy(PACKAGED.resolve(name), cli.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
    }
    try (Stream<Path> jars = Files.list(PACKAGED.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, cli.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  @Test
  void theLauncherUsesTheBuildsCacheAndTheOutputStaysTheSame() throws Exception {
    List<String> options = launcherOptions();
    assertThat(options).contains("-XX:AOTCache=" + cli.resolve("fleetroll.aot"));

    Run cached = run(options, "--help");
    Run plain = run(plainOptions(), "--help");
    assertThat(cached.loadedFromCache()).as("the CLI's main class comes from the cache").isTrue();
    assertThat(plain.loadedFromCache()).isFalse();
    assertThat(cached.out()).isEqualTo(plain.out()).contains("Usage: fleetroll");
    assertThat(cached.err()).isEmpty();
  }

  @Test
  void aJarNewerThanTheCacheKeepsTheLauncherFromUsingIt() throws Exception {
    Path workflows = moduleJar("fleetroll-workflows");
    Files.setLastModifiedTime(workflows, FileTime.from(Instant.now().plusSeconds(2))); // rebuilt after the cache

    assertThat(launcherOptions()).noneMatch(o -> o.startsWith("-XX:AOTCache"));
  }

  @Test
  void aCacheOfAnotherJdkBuildIsLeftOut() throws Exception {
    Files.writeString(cli.resolve("fleetroll.aot.jdk"), "Other Vendor 25.0.1+8-LTS ");

    assertThat(launcherOptions()).noneMatch(o -> o.startsWith("-XX:AOTCache"));
  }

  @Test
  void aJarChangedButKeepingItsTimeIsLeftOutAndTheCommandAnswersAsBefore() throws Exception {
    // Same time as before, other content: the JVM of JDK 25 does not always notice (it loaded this jar's old
    // classes from the cache once picocli's Java 5 classes were no longer in it), so the launcher checks sizes.
    Path workflows = moduleJar("fleetroll-workflows");
    String before = run(launcherOptions(), "--version").out();
    FileTime time = Files.getLastModifiedTime(workflows);
    try (FileSystem jar = FileSystems.newFileSystem(workflows)) {
      Files.writeString(jar.getPath("rebuilt.txt"), "another build");
    }
    Files.setLastModifiedTime(workflows, time);

    List<String> options = launcherOptions();
    assertThat(options).noneMatch(o -> o.startsWith("-XX:AOTCache"));
    Run stale = run(options, "--version");
    assertThat(stale.loadedFromCache()).isFalse();
    assertThat(stale.out()).isEqualTo(before).startsWith("fleetroll ");
    assertThat(stale.err()).isEmpty();
  }

  @Test
  void anOlderJarPutInPlaceOfTheOneTheCacheWasMadeFromIsLeftOut() throws Exception {
    Path workflows = moduleJar("fleetroll-workflows");
    Files.setLastModifiedTime(workflows, FileTime.from(Instant.now().minusSeconds(3600))); // an older build's

    assertThat(launcherOptions()).noneMatch(o -> o.startsWith("-XX:AOTCache"));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private record Run(String out, String err, boolean loadedFromCache) {}

  /** The JVM options ./fleetroll would run this CLI with. */
  private List<String> launcherOptions() {
    return bash(". \"$0/tools/cli-jvm.sh\"; fleetroll_cli_jvm \"$1\" \"$2\"; printf '%s\\n' \"${FLEETROLL_CLI_JVM[@]}\"",
        REPO.toString(), cli.toString(), JAVA_HOME.toString()).lines().toList();
  }

  /** What a bash script printed; {@code args} are its $0, $1, ... */
  private static String bash(String script, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "-c", script));
    command.addAll(List.of(args));
    try {
      Process bash = new ProcessBuilder(command).start();
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor()).as(script).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private List<String> plainOptions() {
    return launcherOptions().stream().filter(o -> !o.startsWith("-XX:AOTCache") && !o.startsWith("-Xlog:")).toList();
  }

  private Run run(List<String> options, String... args) throws Exception {
    Path classes = Files.createTempFile(cli, "classes", ".log");
    List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString()));
    command.addAll(options);
    command.add("-Xlog:class+load=info:file=" + classes);
    command.addAll(List.of("-jar", cli.resolve("fleetroll.jar").toString()));
    command.addAll(List.of(args));
    Process java = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor()).as(err).isZero();
    boolean cached = Files.readAllLines(classes).stream()
        .anyMatch(l -> l.contains(" dev.fleetroll.cli.Fleetroll ") && l.contains("shared objects file"));
    return new Run(out, err, cached);
  }

  private Path moduleJar(String prefix) throws IOException {
    try (Stream<Path> jars = Files.list(cli.resolve("lib"))) {
      return jars.filter(j -> j.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
    }
  }
}
