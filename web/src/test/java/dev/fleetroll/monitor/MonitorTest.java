package dev.fleetroll.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import dev.fleetroll.Sha;
import dev.fleetroll.host.FileFacts;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.ssh.HostUnreachableException;
import dev.fleetroll.store.Store;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final String OVERRIDE = "PUPPET_BRANCH='aerickson/san-juan'\nWORKER_TYPE_OVERRIDE='gecko-t-x'\n";
  private static final String SHA = Sha.sha256(OVERRIDE.getBytes(StandardCharsets.UTF_8));

  private static HostAudit audit(String host, boolean withOverride, String appliedSha, boolean success, Instant ran) {
    FileFacts ovr = withOverride ? new FileFacts(true, "644", "root", "root", 10L, 1L, SHA) : FileFacts.ABSENT;
    PuppetState p = new PuppetState("metadata", ran, success, success ? 0 : 1, 10.0, "r", null, "b", "abc", false,
        appliedSha, null);
    return new HostAudit(host, NOW.minusSeconds(120), "Linux", HostOs.LINUX, 7200L, "gecko_t_linux_talos", ovr,
        withOverride ? OVERRIDE : null, FileFacts.ABSENT, p);
  }

  private static WorkerSnapshot worker(String host, boolean quarantined, Duration activeAgo) {
    TaskRun run = new TaskRun("t", 0, "completed", "completed", NOW.minusSeconds(1000), NOW.minusSeconds(400), "mdc1", host);
    return new WorkerSnapshot(host, NOW.minusSeconds(60), "ok", null, "releng-hardware/x", "mdc1", host, quarantined,
        null, null, List.of(), NOW.minus(activeAgo), List.of(run));
  }

  private static Store.HostHistory ok(HostAudit a) {
    HostObservation o = HostObservation.ok(a, 1);
    return new Store.HostHistory(o, o);
  }

  @Test
  void appliedAndHealthyFollowTheGroundTruth() {
    RowBuilder b = new RowBuilder(NOW, Duration.ofHours(1));
    Instant ran = NOW.minusSeconds(600);
    MonitorRow good = b.build("h1", ok(audit("h1", true, SHA, true, ran)), worker("h1", false, Duration.ofMinutes(2)), NOW.minusSeconds(900));
    assertThat(good.cell(Column.APPLIED).text()).isEqualTo("Y");
    assertThat(good.cell(Column.HEALTHY).text()).isEqualTo("Y");
    assertThat(good.cell(Column.OVR_SHA).text()).isEqualTo("aerickson/san-juan (" + SHA.substring(0, 8) + ") *wt");
    assertThat(good.cell(Column.PP_LAST).text()).isEqualTo("10m");
    assertThat(good.cell(Column.TC_TASK).text()).isEqualTo("COMPLETED 10m");
    assertThat(good.cell(Column.TC_QUAR).text()).isEqualTo("no");
    assertThat(good.cell(Column.DATA).text()).isEqualTo("2m/1m");

    // A change after the last run: not applied yet.
    assertThat(b.build("h1", ok(audit("h1", true, SHA, true, ran)), null, NOW.minusSeconds(60))
        .cell(Column.APPLIED).text()).isEqualTo("N");
    // The run applied another override.
    assertThat(b.build("h1", ok(audit("h1", true, "other", true, ran)), null, null).cell(Column.APPLIED).text()).isEqualTo("N");
    // No override on the host and none applied: applied.
    assertThat(b.build("h1", ok(audit("h1", false, null, true, ran)), null, null).cell(Column.APPLIED).text()).isEqualTo("Y");
    // Failed run.
    MonitorRow failed = b.build("h1", ok(audit("h1", true, SHA, false, ran)), null, null);
    assertThat(failed.cell(Column.APPLIED).text()).isEqualTo("N");
    assertThat(failed.cell(Column.PP_LAST).text()).isEqualTo("10m FAIL");
    assertThat(failed.cell(Column.PP_LAST).tone()).isEqualTo(Tone.BAD);
    // Applied but the worker idle too long: not healthy.
    assertThat(b.build("h1", ok(audit("h1", true, SHA, true, ran)), worker("h1", true, Duration.ofHours(2)), null)
        .cell(Column.HEALTHY).text()).isEqualTo("N");
  }

  @Test
  void unreachableHostKeepsItsLastGoodValuesAndNeverAuditedIsUnknown() {
    RowBuilder b = new RowBuilder(NOW, Duration.ofHours(1));
    HostObservation good = HostObservation.ok(audit("h1", false, null, true, NOW.minusSeconds(600)), 1);
    HostObservation down = HostObservation.failed("h1", NOW, new HostUnreachableException("h1", "no route"), 3);
    MonitorRow row = b.build("h1", new Store.HostHistory(down, good), null, null);
    assertThat(row.cell(Column.STATUS).text()).isEqualTo("FAIL");
    assertThat(row.cell(Column.ERR).text()).isEqualTo("unreachable: no route");
    assertThat(row.cell(Column.ROLE).text()).isEqualTo("gecko_t_linux_talos");
    MonitorRow never = b.build("h2", new Store.HostHistory(null, null), null, null);
    assertThat(never.cell(Column.ROLE).text()).isEqualTo("?");
    assertThat(never.cell(Column.STATUS).text()).isEqualTo("UNK");
    assertThat(row.cell(Column.DATA).text()).isEqualTo("2m/- unreachable");
  }

  @Test
  void queryFiltersAndSorts() {
    RowBuilder b = new RowBuilder(NOW, Duration.ofHours(1));
    MonitorRow a = b.build("a", ok(audit("a", true, SHA, true, NOW.minusSeconds(3 * 3600))), worker("a", true, Duration.ofHours(5)), null);
    MonitorRow c = b.build("c", ok(audit("c", false, null, true, NOW.minusSeconds(60))), worker("c", false, Duration.ofMinutes(1)), null);
    MonitorRow u = b.build("u", new Store.HostHistory(null, null), null, null);
    List<MonitorRow> rows = List.of(a, c, u);
    assertThat(Query.parse("tc_quar=yes").apply(rows)).extracting(MonitorRow::host).containsExactly("a");
    assertThat(Query.parse("ovr_sha=").apply(rows)).extracting(MonitorRow::host).containsExactly("c");
    assertThat(Query.parse("ovr_bch!=").apply(rows)).extracting(MonitorRow::host).containsExactly("a", "u");
    assertThat(Query.parse("ovr_sha=aerickson/san-juan").apply(rows)).extracting(MonitorRow::host).containsExactly("a");
    assertThat(Query.parse("pp_last>2h tc_act>=4h").apply(rows)).extracting(MonitorRow::host).containsExactly("a");
    assertThat(Query.parse("host=a|c sort:pp_last:desc").apply(rows)).extracting(MonitorRow::host).containsExactly("a", "c");
    assertThat(Query.parse("sort:tc_act").apply(rows)).extracting(MonitorRow::host).containsExactly("c", "a", "u");
    assertThat(Query.parse("sort:tc_act:desc").apply(rows)).extracting(MonitorRow::host).containsExactly("a", "c", "u");
    assertThat(Query.parse("role~linux os=L").apply(rows)).extracting(MonitorRow::host).containsExactly("a", "c");
  }

  @Test
  void badQueriesAreInputErrors() {
    assertThatThrownBy(() -> Query.parse("colour=red")).isInstanceOf(InputException.class).hasMessageContaining("unknown column 'colour'");
    assertThatThrownBy(() -> Query.parse("justaword")).isInstanceOf(InputException.class);
    assertThatThrownBy(() -> Query.parse("sort:host:up")).isInstanceOf(InputException.class);
    RowBuilder b = new RowBuilder(NOW, Duration.ofHours(1));
    MonitorRow c = b.build("c", ok(audit("c", false, null, true, NOW)), null, null);
    assertThatThrownBy(() -> Query.parse("pp_last>soon").matches(c)).isInstanceOf(InputException.class);
  }

  @Test
  void durationsRoundTrip() {
    assertThat(Durations.humanize(59, false)).isEqualTo("59s");
    assertThat(Durations.humanize(59, true)).isEqualTo("<1m");
    assertThat(Durations.humanize(3599, false)).isEqualTo("59m");
    assertThat(Durations.humanize(3 * 3600 + 300, false)).isEqualTo("3h 05m");
    assertThat(Durations.humanize(2 * 86400 + 4 * 3600, false)).isEqualTo("2d 04h");
    assertThat(Durations.parseSeconds("1h30m")).isEqualTo(5400);
    assertThat(Durations.parseSeconds("3h 05m")).isEqualTo(11100);
    assertThat(Durations.parseSeconds("<1m")).isEqualTo(59);
    assertThat(Durations.parseSeconds("10m FAIL")).isEqualTo(600);
    assertThat(Durations.parseSeconds("5m -")).isEqualTo(300);
    assertThat(Durations.parseSeconds("later")).isNull();
  }
}
