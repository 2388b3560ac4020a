package dev.fleetroll.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Clears what a dead fleet left in a fleet directory. Host processes normally die with the JVM that
 * owned them (parent-death signal), and their mounts and addresses vanish with their namespaces; this
 * catches anything that escaped: processes whose command line names the directory's hosts.
 */
final class Leftovers {
  private Leftovers() {}

  /** Kills processes of hosts under {@code hostsDir}; returns how many there were. */
  static int killHostProcesses(Path hostsDir) {
    String marker = hostsDir.toAbsolutePath().normalize() + "/";
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        try {
          String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
          if (cmdline.contains(marker)) {
            ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
          }
        } catch (IOException e) {
          // the process is gone already
        }
      }
    } catch (IOException e) {
      return 0;
    }
    found.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : found) {
      try {
        p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller if it matters
      }
    }
    return found.size();
  }

  /** Deletes a directory tree without following links, refusing if anything is mounted inside it. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String prefix = dir.toAbsolutePath().normalize() + "/";
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4 && (fields[4] + "/").startsWith(prefix)) {
        throw new IOException("refusing to delete " + dir + ": " + fields[4] + " is still mounted");
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
