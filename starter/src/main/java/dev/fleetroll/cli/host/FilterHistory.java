package dev.fleetroll.cli.host;

import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor's filter history ({@code $FLEETROLL_HOME/filter_history}, as the MVP's): one query per line,
 * most recent last, at most {@value #MAX}, each once.
 */
final class FilterHistory {

  static final int MAX = 100;

  private final Path file;
  private final List<String> entries = new ArrayList<>();

  FilterHistory(FleetrollHome home) {
    this.file = home.root().resolve("filter_history");
    try {
      if (Files.isRegularFile(file)) {
        Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(this::remember);
      }
    } catch (IOException e) {
      // An unreadable history starts empty; the next save says what is wrong.
    }
  }

  List<String> entries() {
    return List.copyOf(entries);
  }

  /** Adds {@code query} as the most recent entry and saves the history. */
  void add(String query) throws IOException {
    remember(query.strip());
    Files.createDirectories(file.getParent());
    Files.write(file, entries);
  }

  private void remember(String query) {
    if (query.isEmpty()) {
      return;
    }
    entries.remove(query);
    entries.add(query);
    while (entries.size() > MAX) {
      entries.removeFirst();
    }
  }
}
