package dev.fleetroll.cli;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings from a {@code KEY=VALUE} file such as the simulated fleet's {@code taskcluster.env} or
 * {@code github.env} ({@code #} comments, optional {@code export} and quotes), under the process
 * environment's variables of the same prefix, which win.
 */
public final class EnvFile {
  private EnvFile() {}

  /** @param file may be null: the environment only */
  public static Map<String, String> read(Path file, String prefix) {
    Map<String, String> env = new HashMap<>();
    if (file != null) {
      try {
        int n = 0;
        for (String line : Files.readAllLines(file)) {
          n++;
          String l = line.strip();
          if (l.isEmpty() || l.startsWith("#")) {
            continue;
          }
          if (l.startsWith("export ")) {
            l = l.substring(7).strip();
          }
          int eq = l.indexOf('=');
          if (eq <= 0) {
            throw new InputException(file + ":" + n + ": not KEY=VALUE");
          }
          String v = l.substring(eq + 1).strip();
          if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            v = v.substring(1, v.length() - 1);
          }
          env.put(l.substring(0, eq).strip(), v);
        }
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
    System.getenv().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        env.put(k, v);
      }
    });
    return env;
  }
}
