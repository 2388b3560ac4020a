package dev.fleetroll.cli.sim;

import dev.fleetroll.server.SetupScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the simulated fleet needs from this machine, checked by {@code demo} and {@code sim up} before
 * anything slow: Linux, the Debian packages {@code tools/install-deps.sh} lists (this jar carries the
 * script, so an unpacked package checks the same list; as root it installs what is missing, otherwise it
 * names the packages and the command), and root.
 */
public final class Prerequisites {
  static final String SCRIPT = "install-deps.sh";

  private Prerequisites() {}

  /**
   * @param command how the user ran us, for the hint when root is missing ("fleetroll demo")
   * @param progress where the script's line about what it installs goes
   * @throws IllegalStateException with one line saying what is missing and how to get it
   */
  public static void ensure(String command, Consumer<String> progress) {
    if (!"Linux".equals(System.getProperty("os.name"))) {
      throw new IllegalStateException("the simulated fleet needs Linux (each host is an sshd in its own Linux namespaces);"
          + " on " + System.getProperty("os.name") + " use real hosts, or run '" + command + "' on a Linux machine");
    }
    SetupScript.run(command(), progress);
    if (uid() != 0) {
      throw new IllegalStateException("the simulated fleet needs root (mount namespaces, overlays, port 22 on loopback"
          + " addresses); run it as root: sudo " + command);
    }
  }

  /** Runs the script this jar carries. */
  static List<String> command() {
    return List.of("bash", "-c", script(), SCRIPT);
  }

  private static String script() {
    try (InputStream in = Prerequisites.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the fleetroll jar; rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell which user this is (/proc/self)", e);
    }
  }
}
