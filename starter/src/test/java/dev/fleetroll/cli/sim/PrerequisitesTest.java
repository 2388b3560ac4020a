package dev.fleetroll.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages check `demo` and `sim up` run first, on a machine where two packages are missing: dpkg's
 * database is a copy without them (DPKG_ADMINDIR), and apt-get is a stand-in that records its calls, so
 * nothing is installed or removed on this machine.
 */
class PrerequisitesTest {
  private static final String NOBODY = "65534";

  @TempDir Path dir;
  private Path admin;
  private Path aptLog;
  private Path bin;

  @BeforeEach
  void machineWithoutOpensshServerAndLibfaketime() throws IOException {
    admin = Files.createDirectories(dir.resolve("dpkg"));
    Files.createDirectories(admin.resolve("updates"));
    String status = Files.readString(Path.of("/var/lib/dpkg/status"));
    String without = Arrays.stream(status.split("\n\n"))
        .filter(p -> !p.startsWith("Package: openssh-server\n") && !p.startsWith("Package: libfaketime\n"))
        .collect(Collectors.joining("\n\n"));
    assertThat(without).as("this machine has both packages installed").isNotEqualTo(status);
    Files.writeString(admin.resolve("status"), without + "\n");
    bin = Files.createDirectories(dir.resolve("bin"));
    aptLog = dir.resolve("apt-get.log");
    Path apt = Files.writeString(bin.resolve("apt-get"), "#!/bin/sh\necho \"$*\" >> " + aptLog + "\n");
    Files.setPosixFilePermissions(apt, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path p : List.of(dir, admin, admin.resolve("status"))) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  @Test
  void asRootItInstallsWhatIsMissingAndSaysWhichInOneLine() throws Exception {
    Run run = check(false);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err().lines()).containsExactly("fleetroll: installing the Debian packages the simulated fleet needs:"
        + " openssh-server libfaketime (apt-get, once)...");
    assertThat(Files.readAllLines(aptLog)).containsExactly("update -qq",
        "install -y -qq --no-install-recommends openssh-server libfaketime");
  }

  @Test
  void otherwiseItStopsAtOnceNamingThePackagesAndTheCommand() throws Exception {
    Run run = check(true);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines()).containsExactly("fleetroll: the simulated fleet needs the Debian packages"
        + " openssh-server libfaketime; install them as root: sudo apt-get install -y openssh-server libfaketime");
    assertThat(aptLog).doesNotExist();
  }

  @Test
  void onThisMachineNothingIsMissing() {
    assertThatCode(() -> Prerequisites.ensure("fleetroll sim up", line -> {
      throw new AssertionError("nothing should be installed: " + line);
    })).doesNotThrowAnyException();
  }

  private record Run(int exit, String err) {}

  private Run check(boolean asNobody) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asNobody) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    command.addAll(Prerequisites.command());
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = builder.environment();
    env.put("DPKG_ADMINDIR", admin.toString());
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), err);
  }
}
