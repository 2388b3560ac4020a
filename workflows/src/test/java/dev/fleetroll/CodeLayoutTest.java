package dev.fleetroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of docs/architecture.md, checked over the main sources of every module (read as files,
 * so this module needs no dependency on the others): no package in two modules, no two main classes with
 * the same simple name, no import in {@code activities} from a lower package to a higher one.
 */
class CodeLayoutTest {

  /**
   * The packages of {@code activities} from the bottom up (under dev.fleetroll): each imports only from
   * itself and those before it. A new package gets its place here.
   */
  private static final List<String> ACTIVITIES_LAYERS = List.of("json", "ssh", "override", "home", "temporal.client", "host",
      "github", "taskcluster", "store", "inventory.gather", "inventory.drift", "inventory.activities", "ping.activities",
      "rollout.activities");

  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.fleetroll\\.((?:[a-z]\\w*\\.)*)([A-Z]\\w*)",
      Pattern.MULTILINE);

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void noPackageLivesInTwoModules() {
    Map<String, Set<String>> modulesByPackage = new TreeMap<>();
    for (Path source : mainSources()) {
      modulesByPackage.computeIfAbsent(packageOf(source), p -> new TreeSet<>()).add(moduleOf(source));
    }
    List<String> split = new ArrayList<>();
    modulesByPackage.forEach((pkg, modules) -> {
      if (modules.size() > 1) {
        split.add(pkg + " in " + modules);
      }
    });
    assertThat(modulesByPackage).as("the modules' main sources were found").containsKey("dev.fleetroll.ssh");
    assertThat(split).as("packages that span modules").isEmpty();
  }

  @Test
  void noTwoMainClassesShareASimpleName() {
    Map<String, Set<String>> bySimpleName = new TreeMap<>();
    for (Path source : mainSources()) {
      String name = source.getFileName().toString().replaceFirst("\\.java$", "");
      bySimpleName.computeIfAbsent(name, n -> new TreeSet<>()).add(packageOf(source) + " (" + moduleOf(source) + ")");
    }
    List<String> shared = new ArrayList<>();
    bySimpleName.forEach((name, places) -> {
      if (places.size() > 1) {
        shared.add(name + " in " + places);
      }
    });
    assertThat(shared).as("simple names used by more than one main class").isEmpty();
  }

  @Test
  void activitiesImportOnlyDownwards() throws IOException {
    Path activities = ROOT.resolve("activities/src/main/java");
    List<String> upward = new ArrayList<>();
    for (Path source : mainSources()) {
      if (!moduleOf(source).equals("activities")) {
        continue;
      }
      String from = packageOf(source).substring("dev.fleetroll.".length());
      int fromLayer = ACTIVITIES_LAYERS.indexOf(from);
      if (fromLayer < 0) {
        upward.add(from + " has no place in ACTIVITIES_LAYERS");
        continue;
      }
      Matcher m = IMPORT.matcher(Files.readString(source));
      while (m.find()) {
        String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
        boolean inActivities = Files.exists(activities.resolve("dev/fleetroll/" + to.replace('.', '/') + "/" + m.group(2) + ".java"));
        if (inActivities && ACTIVITIES_LAYERS.indexOf(to) > fromLayer) {
          upward.add(source.getFileName() + " (" + from + ") imports " + to + "." + m.group(2));
        }
      }
    }
    assertThat(upward).as("imports in activities that point up").isEmpty();
  }

  static List<Path> mainSources() {
    try (Stream<Path> modules = Files.list(ROOT)) {
      List<Path> sources = new ArrayList<>();
      for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).forEach(sources::add);
        }
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String moduleOf(Path source) {
    return ROOT.relativize(source).getName(0).toString();
  }

  static String packageOf(Path source) {
    Path main = ROOT.resolve(moduleOf(source)).resolve("src/main/java");
    return main.relativize(source.getParent()).toString().replace('/', '.');
  }
}
