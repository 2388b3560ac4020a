package dev.fleetroll.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Named filters, as the MVP's {@code configs/filters/<name>.yaml}: a YAML file with a {@code query}
 * in the monitor's filter language and an optional {@code description}; the name is the file's stem.
 * Fleetroll ships some (the MVP's and the views its docs use); an operator's own in
 * {@code $FLEETROLL_HOME/filters/} add to them and win on the same name. The MVP's files load as they are.
 * One loader for every user: {@code host monitor --filter-name}, the live monitor's picker, {@code host filters}
 * and the web view's fleet page.
 */
public final class NamedFilters {

  /** A filter and where it came from ({@code built-in} or its file); description "" when it has none. */
  public record NamedFilter(String name, String query, String description, String source) {}

  static final List<String> BUILT_IN = List.of("audit-failing", "behind", "linux-overrides", "moonshots-hung",
      "moonshots-hung-earlier", "moonshots-online-but-not-working", "noted", "quarantined", "unhealthy-stale");

  private static final YAMLMapper YAML = new YAMLMapper();

  private NamedFilters() {}

  /** The operator's filter directory of a data directory. */
  public static Path directory(FleetrollHome home) {
    return home.root().resolve("filters");
  }

  /** Reads a filter file; a file without a string {@code query}, or whose query does not parse, is refused. */
  public static NamedFilter load(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file + ": filter file not found");
      }
      return parse(Files.readString(file), stem(file.getFileName().toString()), file.toString());
    } catch (IOException e) {
      throw new InputException(file + ": cannot read filter file: " + e.getMessage(), e);
    }
  }

  /** Every filter of a data directory by name: the built-in ones and the operator's. */
  public static List<NamedFilter> all(FleetrollHome home) {
    return all(directory(home));
  }

  /** Every filter by name: the built-in ones, then the operator's directory (may be absent); malformed files are skipped. */
  public static List<NamedFilter> all(Path userDirectory) {
    Map<String, NamedFilter> out = new TreeMap<>();
    for (String name : BUILT_IN) {
      out.put(name, builtIn(name));
    }
    if (userDirectory != null && Files.isDirectory(userDirectory)) {
      try (Stream<Path> files = Files.list(userDirectory)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
          try {
            NamedFilter filter = load(f);
            out.put(filter.name(), filter);
          } catch (InputException e) {
            // As the MVP: a broken file does not hide the others; loading it by name says what is wrong.
          }
        }
      } catch (IOException e) {
        throw new InputException(userDirectory + ": cannot list filters: " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** The filter of that name in a data directory (the operator's first, then the built-in one). */
  public static NamedFilter named(FleetrollHome home, String name) {
    return named(directory(home), name);
  }

  /** The filter of that name (the operator's first, then the built-in one). */
  public static NamedFilter named(Path userDirectory, String name) {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new InputException("filter name '" + name + "' is not a file name");
    }
    if (userDirectory != null) {
      for (String ext : List.of(".yaml", ".yml")) {
        Path f = userDirectory.resolve(name + ext);
        if (Files.isRegularFile(f)) {
          return load(f);
        }
      }
    }
    if (BUILT_IN.contains(name)) {
      return builtIn(name);
    }
    throw new InputException("no filter named '" + name + "' (known: " + String.join(", ",
        all(userDirectory).stream().map(NamedFilter::name).toList()) + ")");
  }

  private static NamedFilter builtIn(String name) {
    try (InputStream in = NamedFilters.class.getResourceAsStream("filters/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("built-in filter " + name + " missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, "built-in");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NamedFilter parse(String yaml, String name, String source) throws IOException {
    JsonNode node = YAML.readTree(yaml);
    if (node == null || !node.path("query").isTextual()) {
      throw new InputException(source + ": filter file must have a string 'query'");
    }
    String query = node.get("query").asText();
    try {
      Query.parse(query);
    } catch (InputException e) {
      throw new InputException(source + ": " + e.getMessage(), e);
    }
    return new NamedFilter(name, query, node.path("description").asText(""), source);
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
