package dev.fleetroll.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.monitor.Column;
import dev.fleetroll.server.WorkerLaunch;
import dev.fleetroll.store.Store;
import dev.fleetroll.store.SyntheticInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live monitor in a real terminal: the CLI runs in a pseudo-terminal (tmux) over a store of 30 hosts,
 * keys are typed and the screen is read back.
 */
class MonitorScreenTest {

  @TempDir Path dir;

  @Test
  void scrollsFiltersSortsTogglesColumnsHelpsAndNeverClearsTheScreen() throws Exception {
    Path home = dir.resolve("home");
    try (Store store = Store.open(home.resolve("store"))) {
      SyntheticInventory.fill(store, 30, 2, Duration.ofMinutes(10), 3);
    }
    Path list = Files.write(dir.resolve("hosts.list"), SyntheticInventory.hosts(30));
    Path script = Files.writeString(dir.resolve("monitor.sh"), "#!/bin/sh\nexport FLEETROLL_HOME='" + home
        + "' TERM=xterm-256color\nexec '" + WorkerLaunch.java(Map.of()) + "' --enable-native-access=ALL-UNNAMED -cp '"
        + System.getProperty("java.class.path") + "' dev.fleetroll.cli.Fleetroll host monitor '" + list + "'\n");
    script.toFile().setExecutable(true);

    try (Tmux t = Tmux.start(script, 100, 20, dir)) {
      String first = t.await(s -> s.contains("fleetroll monitor") && s.contains("rows 1-17 of 30"), 90, "the table");
      String[] lines = first.split("\n");
      assertThat(lines[1]).startsWith("HOST").contains("ROLE").doesNotContain("DATA");
      assertThat(lines[0]).as("more columns to the right, none dropped").contains("hosts=30/30").contains("▶ 2-");
      int framesBefore = t.output().length();

      // Horizontal scroll: HOST stays, the last column comes into view, the indicator says where we are.
      t.keys("l", "l", "l", "l", "l", "l", "l", "l");
      String right = t.await(s -> s.split("\n")[1].contains("NOTE"), 10, "the last column, NOTE");
      assertThat(right.split("\n")[1]).startsWith("HOST").doesNotContain("ROLE").contains("PP_MATCH", "DATA");
      assertThat(right.split("\n")[0]).contains("◀").contains("/" + Column.displayed().size() + "]");
      t.keys("Left", "h", "h", "h", "h", "h", "h", "h");
      t.await(s -> s.split("\n")[1].contains("ROLE"), 10, "ROLE again");

      // The filter bar: a query narrows the table; a bad one is refused with the reason and the bar stays.
      t.keys("/");
      t.type("host~ms-003");
      t.keys("Enter");
      String one = t.await(s -> s.contains("hosts=1/30"), 10, "one host");
      assertThat(one).contains("t-linux64-ms-003").doesNotContain("t-linux64-ms-004").contains("/host~ms-003");
      t.keys("/", "C-u");
      t.type("bogus=1");
      t.keys("Enter");
      t.await(s -> s.contains("unknown column 'bogus'") && s.contains("/bogus=1"), 10, "the refusal");
      // History: ↑ recalls the query applied before.
      t.keys("C-u", "Up");
      t.await(s -> s.split("\n")[19].startsWith("/host~ms-003"), 10, "the last query from the history");
      t.keys("Escape");
      t.keys("\\");
      t.await(s -> s.contains("hosts=30/30"), 10, "the filter cleared");
      assertThat(Files.readAllLines(home.resolve("filter_history"))).containsExactly("host~ms-003");

      // Sort: s moves to the next column (OS: the Linux hosts first), S reverses it.
      t.keys("s");
      String byOs = t.await(s -> s.contains("sort=os▲"), 10, "the sort by OS");
      assertThat(byOs.split("\n")[2]).startsWith("t-linux64-ms-");
      t.keys("S");
      String reversed = t.await(s -> s.contains("sort=os▼"), 10, "the reversed sort");
      assertThat(reversed.split("\n")[2]).startsWith("macmini-r8-");

      // Column toggles: ROLE hidden (and said so in the header), then shown again.
      t.keys("c");
      t.await(s -> s.contains("Columns (a letter"), 10, "the column picker");
      t.keys("b", "Escape");
      String hidden = t.await(s -> s.contains("hidden=ROLE") && !s.contains("Columns (a letter"), 10, "ROLE hidden");
      assertThat(hidden.split("\n")[1]).doesNotContain("ROLE");
      t.keys("c", "b", "Escape");
      t.await(s -> !s.contains("hidden=") && s.split("\n")[1].contains("ROLE"), 10, "ROLE shown");

      // Help: a popup over the table; any key closes it.
      t.keys("?");
      t.await(s -> s.contains("scroll the columns (HOST stays)") && s.contains("any key closes"), 10, "the help");
      t.keys("x");
      t.await(s -> !s.contains("any key closes") && s.contains("rows 1-17 of 30"), 10, "the table again");

      // Redrawn many times (keys, and a reload every 2 s): only changes were written, never a cleared screen.
      Thread.sleep(2500);
      String drawn = t.output().substring(framesBefore);
      assertThat(drawn).isNotEmpty().doesNotContain("\u001b[2J").doesNotContain("\u001b[H\u001b[J");

      t.keys("q");
      t.await(s -> !t.alive(), 10, "the monitor to quit");
    }
  }
}
