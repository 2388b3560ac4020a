package dev.fleetroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.Durations;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MVP's named filters (test resources mvp-filters/, see its README for their source) load as they
 * are and select, in the same order, the hosts the MVP's query language selects (fleetroll-mvp-facts.md §7.4).
 */
class MvpFiltersTest {

  private static final List<MonitorRow> FLEET = List.of(
      row("t-linux64-ms-016", "L", "gecko_t_linux_talos", "-", h(30), h(30), h(5), "no", h(5), "N", "-"),
      row("t-linux64-ms-017", "L", "gecko_t_linux_talos", "-", h(30), h(21), h(5), "no", h(5), "N", "RMA 4711"),
      row("macmini-r8-001", "M", "gecko_t_osx_1400_r8", "-", h(40), h(25), h(6), "YES", h(6), "N", "-"),
      row("t-linux64-ms-020", "L", "gecko_t_linux_talos", "san-juan (9999ffff)", h(5), h(5), h(2), "YES", 600, "Y", "-"),
      row("t-linux64-ms-021", "L", "gecko_t_linux_2404_talos", "alpha (1111aaaa)", h(5), h(5), 600, "no", 600, "Y", "-"),
      row("t-linux64-ms-023", "L", "gecko_t_linux_talos", "alpha (1111aaaa)", h(7), h(1), 300, "no", 300, "Y", "-"),
      unknown("t-linux64-ms-022"));

  @ParameterizedTest
  @ValueSource(strings = {"moonshots-hung", "moonshots-online-but-not-working", "unhealthy-stale", "quarantined",
      "linux-overrides"})
  void theMvpsFilterFileLoadsAsItIsAndFleetrollShipsTheSameQuery(String name) throws Exception {
    NamedFilters.NamedFilter mvp = NamedFilters.load(mvpDir().resolve(name + ".yaml"));
    assertThat(mvp.name()).isEqualTo(name);
    assertThat(mvp.description()).isNotBlank();
    assertThat(NamedFilters.named((Path) null, name).query()).isEqualTo(mvp.query());
    assertThat(NamedFilters.all(mvpDir())).filteredOn(f -> f.name().equals(name)).singleElement()
        .extracting(NamedFilters.NamedFilter::source).isEqualTo(mvpDir().resolve(name + ".yaml").toString());
  }

  @Test
  void hungMoonshotsAreTheLinuxMoonshotsSilentFor4HoursWithoutANote() throws Exception {
    assertThat(hosts("moonshots-hung")).containsExactly("t-linux64-ms-016");
  }

  @Test
  void onlineButNotWorkingIsUpAndAuditedButIdleInTaskcluster() throws Exception {
    assertThat(hosts("moonshots-online-but-not-working")).containsExactly("t-linux64-ms-020");
  }

  @Test
  void unhealthyStaleIsNotHealthyWithPuppetOlderThan20HoursStalestFirst() throws Exception {
    assertThat(hosts("unhealthy-stale")).containsExactly("t-linux64-ms-016", "macmini-r8-001", "t-linux64-ms-017");
  }

  @Test
  void quarantinedIsLongestIdleFirst() throws Exception {
    assertThat(hosts("quarantined")).containsExactly("macmini-r8-001", "t-linux64-ms-020");
  }

  @Test
  void linuxOverridesAreGroupedByOverrideThenRoleDescendingThenHost() throws Exception {
    assertThat(hosts("linux-overrides")).containsExactly("t-linux64-ms-023", "t-linux64-ms-021", "t-linux64-ms-020");
  }

  private static List<String> hosts(String name) throws Exception {
    return Query.parse(NamedFilters.load(mvpDir().resolve(name + ".yaml")).query()).apply(FLEET).stream()
        .map(MonitorRow::host).toList();
  }

  private static Path mvpDir() throws URISyntaxException {
    return Path.of(MvpFiltersTest.class.getResource("/mvp-filters").toURI());
  }

  private static long h(int hours) {
    return hours * 3600L;
  }

  private static Cell age(long seconds) {
    return new Cell(Durations.humanize(seconds, false), Tone.PLAIN, seconds);
  }

  private static MonitorRow row(String host, String os, String role, String override, long uptime, long ppLast, long tcAct,
      String quarantined, long data, String healthy, String note) {
    Map<Column, Cell> c = new EnumMap<>(Column.class);
    c.put(Column.HOST, Cell.plain(host));
    c.put(Column.OS, Cell.plain(os));
    c.put(Column.ROLE, Cell.plain(role));
    c.put(Column.OVR_SHA, Cell.plain(override));
    c.put(Column.UPTIME, age(uptime));
    c.put(Column.PP_LAST, age(ppLast));
    c.put(Column.TC_ACT, age(tcAct));
    c.put(Column.TC_QUAR, Cell.plain(quarantined));
    c.put(Column.DATA, new Cell(Durations.humanize(data, true) + "/" + Durations.humanize(data, true), Tone.PLAIN, data));
    c.put(Column.HEALTHY, Cell.plain(healthy));
    c.put(Column.NOTE, Cell.plain(note));
    return new MonitorRow(host, c);
  }

  /** A host never audited: '?' everywhere, as the MVP's UNK rows. */
  private static MonitorRow unknown(String host) {
    Map<Column, Cell> c = new EnumMap<>(Column.class);
    for (Column col : Column.values()) {
      c.put(col, Cell.plain("?"));
    }
    c.put(Column.HOST, Cell.plain(host));
    c.put(Column.TC_ACT, Cell.plain("-"));
    return new MonitorRow(host, c);
  }
}
