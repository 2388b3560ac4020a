package dev.fleetroll.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Filter files: YAML with a string {@code query} and an optional {@code description}, as the MVP's
 * {@code configs/filters/*.yaml}. Named filters live in {@code $FLEETROLL_HOME/filters/NAME.yaml}.
 */
public final class NamedFilters {

  private static final YAMLMapper YAML = new YAMLMapper();

  private NamedFilters() {}

  /** A filter file: its name (the file name without .yaml), query and description ("" when none). */
  public record Filter(String name, String query, String description) {}

  public static Path directory(FleetrollHome home) {
    return home.root().resolve("filters");
  }

  /** The file of the named filter {@code name}. */
  public static Path file(FleetrollHome home, String name) {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new InputException("filter name '" + name + "' is not a file name");
    }
    return directory(home).resolve(name + ".yaml");
  }

  /** Reads a filter file; a missing or malformed file is an input error naming it. */
  public static Filter load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(file + ": filter file not found");
    }
    try {
      JsonNode node = YAML.readTree(Files.readString(file));
      if (node == null || !node.path("query").isTextual()) {
        throw new InputException(file + ": filter file must have a string 'query'");
      }
      String name = file.getFileName().toString().replaceAll("\\.ya?ml$", "");
      return new Filter(name, node.get("query").asText(), node.path("description").asText(""));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read filter file: " + e.getMessage(), e);
    }
  }

  /** The named filters of a data directory, sorted by name; files that do not load are left out. */
  public static List<Filter> list(FleetrollHome home) {
    Path dir = directory(home);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Filter> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches(".+\\.ya?ml")).sorted().toList()) {
        try {
          out.add(load(f));
        } catch (InputException e) {
          // A broken file must not hide the others; loading it by name says what is wrong.
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }
}
