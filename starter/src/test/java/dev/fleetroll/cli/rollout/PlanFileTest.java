package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.Style;
import dev.fleetroll.rollout.plan.CapacityPolicy;
import dev.fleetroll.rollout.plan.ConvergeStrategy;
import dev.fleetroll.rollout.plan.DrainDeadlineAction;
import dev.fleetroll.rollout.plan.FailedHostsLimit;
import dev.fleetroll.rollout.plan.GatePolicy;
import dev.fleetroll.rollout.plan.HostPlatform;
import dev.fleetroll.rollout.plan.HostTarget;
import dev.fleetroll.rollout.plan.RolloutPlan;
import dev.fleetroll.rollout.plan.StagePick;
import dev.fleetroll.rollout.plan.StagePlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void theCommentedExampleLoads() {
    PlanFile plan = PlanFile.load(REPO.resolve("examples/rollout-plan.yaml"));

    assertThat(plan.plan().name()).isEqualTo("fix-talos-audio");
    assertThat(plan.targets()).hasSize(19).contains("macmini-r8-004.test.releng.mdc1.mozilla.com")
        .doesNotContain("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
    assertThat(plan.excluded()).containsExactly("t-linux64-ms-016.test.releng.mdc1.mozilla.com");
    assertThat(plan.plan().drain().deadline()).isEqualTo(Duration.ofHours(2));
    assertThat(plan.plan().drain().onDeadline()).isEqualTo(DrainDeadlineAction.MOVE_TO_END);
    assertThat(plan.plan().converge().macos()).isEqualTo(ConvergeStrategy.REBOOT);
    assertThat(plan.override().override().branch()).isEqualTo("fix-talos-audio");
    assertThat(plan.plan().gates()).as("the example spells out the default gates").isEqualTo(GatePolicy.DEFAULT);
    assertThat(plan.plan().capacity()).as("and the default floor").isEqualTo(new CapacityPolicy(80, null));
  }

  @Test
  void aMinimalPlanGetsDefaults() throws IOException {
    Path file = plan("name: x\noverride: x.override\ntargets: A.example.com\n");

    PlanFile plan = PlanFile.load(file);

    assertThat(plan.targets()).as("a single host needs no list").containsExactly("a.example.com");
    assertThat(plan.plan().maxInFlight()).isEqualTo(2);
    assertThat(plan.plan().stages().batches()).extracting(StagePick::size).containsExactly("10%", "25%", "100%");
  }

  @Test
  void batchesMayBeNumbersOrPercentages() throws IOException {
    Path file = plan("name: x\noverride: x.override\ntargets: [a.example.com]\nstages: {canary: 1, batches: [5, 50%]}\n");

    assertThat(PlanFile.load(file).plan().stages().batches()).extracting(StagePick::size).containsExactly("5", "50%");
  }

  @Test
  void unknownFieldsAreNamedWithTheirLineAndTheKnownOnes() throws IOException {
    Path file = plan("name: x\noverride: x.override\ntargets: [a.example.com]\nmax_inflight: 3\n");

    assertThatThrownBy(() -> PlanFile.load(file)).isInstanceOf(InputException.class)
        .hasMessage(file + ":4:1: unknown field 'max_inflight' (known: advance, capacity, converge, drain, exclude, gates,"
            + " health, max_in_flight, name, override, schedule, stages, targets, timeouts)");
  }

  @Test
  void badValuesNameTheirField() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "converge: {linux: reboot-twice}\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("converge.linux: 'reboot-twice' is not a converge strategy (reboot, run-puppet, wait)");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "drain: {deadline: soon}\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("drain.deadline: 'soon' is not a duration (write e.g. 30s, 5m, 1h30m)");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "max_in_flight: many\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":4:16: max_in_flight: ");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "stages: {canary: 0, batches: [150%]}\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("plan.yaml") + ":4:18: stages.canary: 0 must be between 1 and 1000; "
            + dir.resolve("plan.yaml") + ":4:31: stages.batches[0]: '150%' is neither a number of hosts (1 to 1000) nor"
            + " a percentage (1% to 100%)");
  }

  @Test
  void capacityParsesAndBadValuesAreNamedWithTheirLine() throws IOException {
    String head = "name: x\noverride: x.override\ntargets: [a.example.com]\n";
    assertThat(PlanFile.load(plan(head + "capacity: {min_available_pct: 75, max_pending_per_worker: 2.5}\n")).plan()
        .capacity()).isEqualTo(new CapacityPolicy(75, 2.5));
    assertThat(PlanFile.load(plan(head)).plan().capacity()).isEqualTo(new CapacityPolicy(80, null));
    assertThatThrownBy(() -> PlanFile.load(plan(head + "capacity:\n  min_available_pct: 100\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("plan.yaml") + ":5:22: capacity.min_available_pct: 100 must be between 0 and 99"
            + " (percent of a pool's workers kept active and unquarantined)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "capacity: {max_pending_per_worker: lots}\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":4:36: capacity.max_pending_per_worker: ");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "capacity: {min_available: 75}\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":4:12: unknown field 'min_available' in capacity (known: max_pending_per_worker,"
            + " min_available_pct)");
  }

  @Test
  void gatesParseWithDurationsAndWholeNumbersWhereFractionsGo() throws IOException {
    Path file = plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "gates:\n  min_jobs_total: 4\n  min_hosts_with_jobs_fraction: 1\n  success_rate_min: 0.95\n"
        + "  sshable_min_pct: 90\n  max_failed_hosts: {infrastructure: 2}\n  window: 1h30m\n  soak: PT45M\n");

    GatePolicy gates = PlanFile.load(file).plan().gates();

    assertThat(gates).isEqualTo(new GatePolicy(0, 4, 1.0, 0.95, 0.1, 10.0, 90.0, new FailedHostsLimit(2, 0),
        Duration.ofMinutes(90), Duration.ofMinutes(45)));
  }

  @Test
  void withoutGatesThePlanHasTheDefaultOnes() throws IOException {
    Path file = plan("name: x\noverride: x.override\ntargets: [a.example.com]\n");

    assertThat(PlanFile.load(file).plan().gates()).isEqualTo(GatePolicy.DEFAULT);
  }

  @Test
  void badGatesNameTheirField() throws IOException {
    String head = "name: x\noverride: x.override\ntargets: [a.example.com]\n";
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  soak: a while\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":5:9: gates.soak: 'a while' is not a duration (write e.g. 30s, 5m, 1h30m)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  success_rate: 0.9\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":5:3: unknown field 'success_rate' in gates (known: max_failed_hosts, min_hosts_with_jobs_fraction,"
            + " min_jobs_per_host, min_jobs_total, online_drop_max_pct, soak, sshable_min_pct, success_rate_drop_max,"
            + " success_rate_min, window)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  max_failed_hosts: {infra: 1}\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown field 'infra' in gates.max_failed_hosts (known: change, infrastructure)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  min_jobs_total: lots\n")))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith(":5:19: gates.min_jobs_total: expected a whole number");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  min_jobs_total: 2.5\n")))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith(":5:19: gates.min_jobs_total: expected a whole number");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  sshable_min_pct: 90%\n")))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith(":5:20: gates.sshable_min_pct: expected a number, e.g. 0.9 or 90 (no quotes, no %)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates:\n  max_failed_hosts: 2\n")))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith(":5:21: gates.max_failed_hosts: expected a mapping of fields, not a single value or a list");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates: {success_rate_min: 90, window: 1m}\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("plan.yaml") + ":4:27: gates.success_rate_min: 90 must be between 0 and 1 (a"
            + " fraction); " + dir.resolve("plan.yaml") + ":4:39: gates.window: 1m must be between 10m and 7d (enough"
            + " for tasks to finish, recent enough to be about this change)");
  }

  @Test
  void aScheduleLoadsAndItsBadValuesAreRefusedAtTheirLine() throws IOException {
    String head = "name: x\noverride: x.override\ntargets: [a.example.com]\n";
    PlanFile ok = PlanFile.load(plan(head + "schedule:\n  windows:\n    - {days: [mon, fri], from: \"09:00\", to: \"17:00\","
        + " zone: Europe/Berlin}\n  freezes:\n    - {from: \"2026-12-24T00:00+01:00\", to: \"2026-12-27T00:00Z\", reason: xmas}\n"));
    assertThat(ok.plan().schedule().windows()).singleElement().hasToString("mon,fri 09:00-17:00 Europe/Berlin");
    assertThat(ok.plan().schedule().planFreezes()).singleElement().satisfies(f ->
        assertThat(f.from()).isEqualTo(java.time.Instant.parse("2026-12-23T23:00:00Z")));
    assertThatThrownBy(() -> PlanFile.load(plan(head + "schedule:\n  windows:\n    - days: [mon, monday]\n"
        + "      from: \"09:00\"\n      to: \"09:00\"\n      zone: Mars/Base\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("plan.yaml") + ":6:19: schedule.windows[0].days[1]: 'monday' is not a day: one of mon, tue,"
            + " wed, thu, fri, sat, sun; " + dir.resolve("plan.yaml") + ":8:11: schedule.windows[0].to: the window from"
            + " 09:00 to 09:00 is empty (00:00 to 24:00 is a whole day); " + dir.resolve("plan.yaml")
            + ":9:13: schedule.windows[0].zone: 'Mars/Base' is not a time zone (an IANA name such as Europe/Berlin, or UTC)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "schedule:\n  freezes:\n    - from: \"2026-12-24 00:00\"\n"
        + "      to: \"2026-12-27T00:00Z\"\n")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(":6:13: schedule.freezes[0].from: '2026-12-24 00:00' is not a date-time with an offset")
        .hasMessageContaining(":6:7: schedule.freezes[0].reason: missing");
  }

  @Test
  void filesAndHostsAreCheckedRelativeToThePlan() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(dir.resolve("missing.yaml"))).hasMessageEndingWith("plan file not found");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: nope.override\ntargets: [a.example.com]\n")))
        .hasMessage(dir.resolve("nope.override") + ": override file not found");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [hosts/none.list]\n")))
        .hasMessage(dir.resolve("plan.yaml") + ":3:11: targets: " + dir.resolve("hosts/none.list")
            + ": host list not found");
    Files.writeString(dir.resolve("some.list"), "a.example.com\nbad_name!\n");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [some.list]\n")))
        .hasMessageContaining("some.list:2: 'bad_name!' is not a valid host name");
  }

  @Test
  void exclusionsMustNameTargetsAndLeaveSomething() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "exclude: [b.example.com]\n")))
        .hasMessage(dir.resolve("plan.yaml") + ":4:11: exclude: b.example.com is not among the targets (a typo?)");
    assertThatThrownBy(() -> PlanFile.load(plan("name: x\noverride: x.override\ntargets: [a.example.com]\n"
        + "exclude: [A.example.com]\n")))
        .hasMessageEndingWith("every target host is excluded; nothing to roll out");
  }

  private static final String HEAD = "name: x\noverride: x.override\n";

  // Issue 15, item 3: hand-picked stages.

  @Test
  void aCanaryListFileIsReadIntoExactlyThoseHostsInItsOrder() throws IOException {
    Files.createDirectories(dir.resolve("hosts"));
    Files.writeString(dir.resolve("hosts/canary.list"), "# canaries\n# fqdn: example.com\nh7\nh3  # the busy one\n");
    Path file = plan(HEAD + "targets: [h1.example.com, h3.example.com, h5.example.com, h7.example.com]\n"
        + "stages:\n  canary: hosts/canary.list\n  batches: [[h5.example.com], 100%]\n");

    PlanFile plan = PlanFile.load(file);

    assertThat(plan.plan().stages().canary()).isEqualTo(StagePick.hosts(List.of("h7.example.com", "h3.example.com")));
    assertThat(plan.plan().stages().batches())
        .containsExactly(StagePick.hosts(List.of("h5.example.com")), StagePick.size("100%"));
    assertThat(plan.pickedFrom()).containsExactly(entry("h7.example.com", "hosts/canary.list"),
        entry("h3.example.com", "hosts/canary.list"), entry("h5.example.com", "stages.batches[0]"));
    assertThat(PlanFile.load(plan(HEAD + "targets: [a.example.com]\n")).pickedFrom()).isEmpty();
  }

  @Test
  void theDryRunShowsWhichListEachStagesHandPickedHostsCameFrom() throws IOException {
    Files.writeString(dir.resolve("canary.list"), "h3.example.com\nh7.example.com\n");
    PlanFile plan = PlanFile.load(plan(HEAD + "targets: [h1.example.com, h3.example.com, h5.example.com, h7.example.com]\n"
        + "stages: {canary: canary.list, batches: [[h5.example.com], 100%]}\n"));
    List<HostTarget> targets = plan.targets().stream()
        .map(h -> new HostTarget(h, HostPlatform.LINUX, "gecko_t_linux_2404_talos")).toList();
    DryRun.Estimate estimate = new DryRun.Estimate(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO,
        Duration.ZERO);
    DryRun dry = new DryRun(targets, List.of(), List.of(), StagePlanner.plan(targets, plan.plan().stages()), estimate,
        Duration.ofMinutes(6));

    String shown = new StatusView(new Style(false)).plan(new PlanCheck(plan, dry, "0".repeat(64), "x", true, null),
        java.time.Instant.now());

    assertThat(shown.lines().filter(l -> l.startsWith("  canary") || l.startsWith("  batch")).toList()).containsExactly(
        "  canary     2  h3, h7  (hand-picked: canary.list)",
        "  batch 1    1  h5  (hand-picked: stages.batches[0])",
        "  batch 2    1  h1");
  }

  @Test
  void theDryRunShowsTheWindowsTheExpectedDurationCrosses() throws IOException {
    PlanFile plan = PlanFile.load(plan(HEAD + "targets: [h1.example.com]\nschedule:\n  windows:\n"
        + "    - {days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\", zone: Europe/Berlin}\n"
        + "  freezes:\n    - {from: \"2026-12-14T09:00Z\", to: \"2026-12-14T10:00Z\", reason: standup}\n"));
    List<HostTarget> targets = List.of(new HostTarget("h1.example.com", HostPlatform.LINUX, "gecko_t_linux_2404_talos"));
    DryRun.Estimate estimate = new DryRun.Estimate(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO,
        Duration.ZERO);
    DryRun dry = new DryRun(targets, List.of(), List.of(), StagePlanner.plan(targets, plan.plan().stages()), estimate,
        Duration.ofHours(3));

    String shown = new StatusView(new Style(false)).plan(new PlanCheck(plan, dry, "0".repeat(64), "x", true, null),
        java.time.Instant.parse("2026-12-11T15:00:00Z")); // Friday 16:00 in Berlin

    assertThat(shown).contains("Schedule: new hosts start only in mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin;"
        + " frozen Mon 2026-12-14 09:00 UTC - Mon 2026-12-14 10:00 UTC (standup)",
        "From now, the expected 3h00m of work runs in:\n"
        + "  Fri 2026-12-11 15:00 UTC - Fri 2026-12-11 16:00 UTC\n"
        + "  Mon 2026-12-14 08:00 UTC - Mon 2026-12-14 09:00 UTC\n"
        + "  Mon 2026-12-14 10:00 UTC - Mon 2026-12-14 11:00 UTC\n");
  }

  @Test
  void aHostInTwoStageListsIsRefusedWithBothPlaces() throws IOException {
    Files.writeString(dir.resolve("canary.list"), "a.example.com\nb.example.com\n");
    Path file = plan(HEAD + "targets: [a.example.com, b.example.com, c.example.com]\n"
        + "stages:\n  canary: canary.list\n  batches: [[c.example.com, B.example.com], 100%]\n");

    assertThatThrownBy(() -> PlanFile.load(file)).isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":6:29: 'B.example.com' is b.example.com, already named at "
            + dir.resolve("canary.list") + ":2 (a host is named once)");
  }

  @Test
  void aListedHostThatIsNotATargetIsRefusedAtItsLine() throws IOException {
    Files.writeString(dir.resolve("canary.list"), "a.example.com\nz.example.com\n");
    Path file = plan(HEAD + "targets: [a.example.com, b.example.com]\nexclude: [b.example.com]\n"
        + "stages: {canary: canary.list, batches: [[b.example.com], [y.example.com]]}\n");

    assertThatThrownBy(() -> PlanFile.load(file)).isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("canary.list") + ":2: z.example.com is not among the plan's targets; " + planPath()
            + ":5:59: y.example.com is not among the plan's targets");
  }

  @Test
  void aMissingOrEmptyStageListIsRefusedAtTheLineThatNamesIt() throws IOException {
    Files.writeString(dir.resolve("empty.list"), "# nobody yet\n");
    String head = HEAD + "targets: [a.example.com]\n";

    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {canary: hosts/canary.list}\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":4:18: stages.canary: " + dir.resolve("hosts/canary.list") + ": host list not found");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {batches: [1, empty.list]}\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":4:23: stages.batches[1]: " + dir.resolve("empty.list") + ": host list has no hosts");
  }

  @Test
  void aMalformedStageEntryIsRefusedAtItsLine() throws IOException {
    Files.writeString(dir.resolve("canary.list"), "a.example.com\nbad_name!\n");
    String head = HEAD + "targets: [a.example.com]\n";

    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {canary: canary.list}\n")))
        .hasMessage(dir.resolve("canary.list") + ":2: 'bad_name!' is not a valid host name");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages:\n  canary: [a.example.com, canary.list]\n")))
        .hasMessage(planPath() + ":5:27: stages.canary[1]: 'canary.list': a host-list file stands alone"
            + " (stages.canary: canary.list), not inside a list of host names");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages:\n  canary: a.example.com\n")))
        .hasMessage(planPath() + ":5:11: stages.canary: the canary is a number of hosts (2), a host-list file (ends in"
            + " .list or contains /) or a list of host names ([a, b])");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages:\n  batches: [[]]\n")))
        .hasMessage(planPath() + ":5:13: stages.batches[0]: an empty list of hosts (give host names, or a size)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages:\n  canary: [a.example.com, 7]\n")))
        .hasMessageContaining("stages.canary: hand-picked hosts are host names, e.g. [a, b]");
  }

  private String planPath() {
    return dir.resolve("plan.yaml").toString();
  }

  // Issue 11, hole 7: a host is one name, whatever its spelling.

  @Test
  void aPlanThatNamesAHostTwiceInAnySpellingIsRefusedWithBothPlaces() throws IOException {
    Files.writeString(dir.resolve("linux.list"), "# fqdn: test.releng.mdc1.mozilla.com\nt-linux64-ms-001\n");
    Path file = plan(HEAD + "targets:\n  - linux.list\n  - T-Linux64-MS-001.test.releng.mdc1.mozilla.com\n"
        + "  - t-linux64-ms-002\n  - t-linux64-ms-002.test.releng.mdc1.mozilla.com\n");

    assertThatThrownBy(() -> PlanFile.load(file)).isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":5:5: 'T-Linux64-MS-001.test.releng.mdc1.mozilla.com' is"
            + " t-linux64-ms-001.test.releng.mdc1.mozilla.com, already named at " + dir.resolve("linux.list") + ":2 (a"
            + " host is named once); " + planPath() + ":7:5: t-linux64-ms-002.test.releng.mdc1.mozilla.com, already"
            + " named at " + planPath() + ":6:5 (a host is named once)");
  }

  @Test
  void targetsAndExclusionsAreCanonicalNames() throws IOException {
    Files.writeString(dir.resolve("macs.list"), "MACMINI-R8-001.test.releng.mdc1.mozilla.com\nmacmini-r8-002\n");
    Path file = plan(HEAD + "targets: [macs.list, t-linux64-ms-001]\nexclude: [MacMini-R8-002]\n");

    PlanFile plan = PlanFile.load(file);

    assertThat(plan.targets()).containsExactly("macmini-r8-001.test.releng.mdc1.mozilla.com",
        "t-linux64-ms-001.test.releng.mdc1.mozilla.com");
    assertThat(plan.excluded()).containsExactly("macmini-r8-002.test.releng.mdc1.mozilla.com");
  }

  @Test
  void aUserPartIsRefusedInAPlan() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [root@t-linux64-ms-001]\n")))
        .hasMessage(planPath() + ":3:11: targets[0]: 'root@t-linux64-ms-001': name the host without 'root@' (Fleetroll"
            + " knows a host by its name; the SSH config's User says whom to log in as)");
  }

  @Test
  void anEntryIsAListOnlyByItsSpellingNotBecauseSuchAFileExists() throws IOException {
    Files.writeString(dir.resolve("hosts"), "a.example.com\n");

    assertThat(PlanFile.load(plan(HEAD + "targets: [./hosts]\n")).targets()).containsExactly("a.example.com");
    assertThat(PlanFile.load(plan(HEAD + "targets: [hosts]\n")).targets())
        .containsExactly("hosts.test.releng.mdc1.mozilla.com");
  }

  // Issue 11, hole 8: the YAML a plan must not contain, each refused at its line (the CLI exits 2).

  @Test
  void aKeySetTwiceIsRefusedNotOverwritten() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [a.example.com]\nstages: {canary: 1}\n"
        + "stages: {canary: 5}\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":5:1: stages: set twice (first on line 4); the second value would silently replace"
            + " the first");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [a.example.com]\ngates:\n  soak: 1h\n  soak: 0s\n")))
        .hasMessageStartingWith(planPath() + ":6:3: gates.soak: set twice (first on line 5)");
  }

  @Test
  void anAliasIsNotReadAsAHostNamedLikeItsAnchor() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [*canary]\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":3:11: alias *canary: anchors and aliases are not supported in a plan; write the"
            + " value out (an alias would be read as the text 'canary')");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: &canary [a.example.com]\nexclude: *canary\n")))
        .hasMessageStartingWith(planPath() + ":3:10: anchor &canary: anchors and aliases are not supported");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [a.example.com]\ngates: {<<: {soak: 0s}}\n")))
        .hasMessage(planPath() + ":4:9: merge keys (<<) are not supported in a plan; write the fields out");
  }

  @Test
  void aNumberIsNotAHostName() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: 42\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":3:10: targets[0]: expected text, not a number or true/false (quote it if it is"
            + " meant as text)");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [a.example.com, yes]\n")))
        .hasMessageContaining(":3:26: targets[1]: expected text");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [\"42\"]\n")))
        .hasMessage(planPath() + ":3:11: targets[0]: '42' is not a valid host name (a host-list file ends in .list or"
            + " contains /)");
  }

  @Test
  void aControlCharacterIsAnInputErrorNotACrash() throws IOException {
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [\"a\\0b.example.com\"]\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":3:11: targets[0]: control character in 'a\\u0000b.example.com'");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [\"hosts/a\\0.list\"]\n")))
        .isInstanceOf(InputException.class).hasMessageContaining("control character");
  }

  @Test
  void durationsHaveUpperBoundsAndUnits() throws IOException {
    String head = HEAD + "targets: [a.example.com]\n";
    assertThatThrownBy(() -> PlanFile.load(plan(head + "timeouts:\n  command: 3000000d\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(planPath() + ":5:12: timeouts.command: 3000000d must be between 5s and 1h");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "drain: {deadline: 6d}\n")))
        .hasMessage(planPath() + ":4:19: drain.deadline: 6d must be between 1s and 5d");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates: {soak: 0}\n")))
        .hasMessage(planPath() + ":4:15: gates.soak: expected a duration such as 30s, 5m or 1h30m (a number needs its"
            + " unit)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "timeouts: {poll: 5M}\n")))
        .hasMessage(planPath() + ":4:18: timeouts.poll: '5M' is not a duration (write e.g. 30s, 5m, 1h30m)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates: {soak: PT-5M}\n")))
        .hasMessageContaining("gates.soak: 'PT-5M' is not a duration");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "timeouts: {poll: 99999999999999999999d}\n")))
        .hasMessageContaining("timeouts.poll: '99999999999999999999d' is not a duration");
    assertThat(PlanFile.load(plan(head + "timeouts: {command: 1h, puppet: P1D, poll: 10m}\n")).plan().timeouts().puppet())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void moreLeniencyOfTheSameKindIsRefused() throws IOException {
    String head = HEAD + "targets: [a.example.com]\n";
    assertThatThrownBy(() -> PlanFile.load(plan(head + "exclude:\n")))
        .hasMessage(planPath() + ":4:9: exclude: no value (give one, or leave the field out for its default)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "exclude: []\n")))
        .hasMessage(planPath() + ":4:10: exclude: empty (leave the field out to exclude nothing)");
    assertThatThrownBy(() -> PlanFile.load(plan(HEAD + "targets: [a.example.com, ~]\n")))
        .hasMessage(planPath() + ":3:26: targets[1]: empty entry");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "---\nname: y\n")))
        .hasMessage(planPath() + ":4:1: a second YAML document ('---'): a plan is one document");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages:\n\tcanary: 2\n")))
        .hasMessageStartingWith(planPath() + ":5:1: not valid YAML: found character '\\t(TAB)' that cannot start any token");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "max_in_flight: !!str 4\n")))
        .hasMessage(planPath() + ":4:16: tag tag:yaml.org,2002:str: tags are not supported in a plan (quote a value to"
            + " make it text)");
    assertThatThrownBy(() -> PlanFile.load(plan("- name: x\n")))
        .hasMessage(planPath() + ":1:1: a plan is a mapping of fields (name:, override:, targets:, ...)");
    assertThatThrownBy(() -> PlanFile.load(plan("# nothing\n"))).hasMessage(planPath() + ": the plan is empty");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "advance: Manual\n")))
        .hasMessage(planPath() + ":4:10: advance: 'Manual' is not an advance mode (manual, auto)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "advance: 1\n")))
        .hasMessage(planPath() + ":4:10: advance: '1' is not an advance mode (manual, auto)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "advance: [auto]\n")))
        .hasMessage(planPath() + ":4:10: advance: expected one of manual, auto");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {batches: 50%}\n")))
        .hasMessage(planPath() + ":4:19: stages.batches: expected a list, e.g. [a, b]");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {batches: [\"050%\", 5.5, 1001]}\n")))
        .hasMessage(planPath() + ":4:28: stages.batches[1]: a batch is a whole number of hosts (5), a percentage (50%), a"
            + " host-list file (ends in .list or contains /) or a list of host names ([a, b])");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "stages: {batches: [\"050%\", 1001]}\n")))
        .hasMessage(planPath() + ":4:20: stages.batches[0]: '050%' is neither a number of hosts (1 to 1000) nor a"
            + " percentage (1% to 100%); " + planPath() + ":4:28: stages.batches[1]: '1001' is neither a number of hosts"
            + " (1 to 1000) nor a percentage (1% to 100%)");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "gates: {min_jobs_total: 99999999999}\n")))
        .hasMessage(planPath() + ":4:25: gates.min_jobs_total: number out of range");
    assertThatThrownBy(() -> PlanFile.load(plan(head + "health: {max_failed_tasks: -1}\n")))
        .hasMessage(planPath() + ":4:28: health.max_failed_tasks: -1 must be between 0 and 100");
    Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> PlanFile.load(dir.resolve("latin1.yaml")))
        .hasMessage(dir.resolve("latin1.yaml") + ": the plan is not UTF-8 text");
  }

  // Issue 11, hole 9: rollout plan and start read the override through the same validator.

  @Test
  void aPlanWhoseOverrideWouldBreakHostsIsRefused() throws IOException {
    Path file = plan(HEAD + "targets: [a.example.com]\n");
    Files.writeString(dir.resolve("x.override"), "PUPPET_REPO='https://github.com/me/ronin_puppet.git'\r\n"
        + "PUPPET_BRANCH='x'\r\n");

    assertThatThrownBy(() -> PlanFile.load(file)).isInstanceOf(InputException.class)
        .hasMessageContaining(dir.resolve("x.override") + ":1: carriage return");
    Files.writeString(dir.resolve("x.override"), "PUPPET_REPO='https://me:ghp_16C7e42F292c6912E7710c83@github.com/me/"
        + "ronin_puppet.git'\nPUPPET_BRANCH='x'\n");
    assertThatThrownBy(() -> PlanFile.load(file)).hasMessageContaining(dir.resolve("x.override") + ":1: a credential")
        .message().doesNotContain("ghp_16C7e42F292c6912E7710c83");
  }

  @Test
  void schemaDescribesExactlyTheFieldsThePlanHas() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(REPO.resolve("specs/rollout-plan.schema.json").toFile());

    Set<String> fields = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(fields::add);
    Set<String> record = new TreeSet<>(Arrays.stream(RolloutPlan.class.getRecordComponents())
        .map(c -> c.getName().equals("maxInFlight") ? "max_in_flight" : c.getName()).toList());
    assertThat(fields).isEqualTo(record);
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.path("required").toString()).isEqualTo("[\"name\",\"override\",\"targets\"]");
    assertThat(names(schema.path("properties").path("drain").path("properties")))
        .containsExactly("deadline", "on_deadline");
    assertThat(names(schema.path("properties").path("health").path("properties")))
        .containsExactly("deadline", "max_failed_tasks", "tasks");
    JsonNode gates = schema.path("properties").path("gates");
    Set<String> gateFields = new TreeSet<>(Arrays.stream(GatePolicy.class.getRecordComponents())
        .map(c -> c.getAccessor().isAnnotationPresent(JsonProperty.class)
            ? c.getAccessor().getAnnotation(JsonProperty.class).value() : c.getName())
        .toList());
    assertThat(names(gates.path("properties"))).isEqualTo(gateFields);
    assertThat(gates.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(gates.path("properties").path("max_failed_hosts").path("properties")))
        .containsExactly("change", "infrastructure");
  }

  @Test
  void schemaGivesTheGatesTheirJavaDefaults() throws IOException {
    JsonNode gates = new ObjectMapper().readTree(REPO.resolve("specs/rollout-plan.schema.json").toFile())
        .path("properties").path("gates").path("properties");
    StringBuilder yaml = new StringBuilder("name: x\noverride: x.override\ntargets: [a.example.com]\ngates:\n");
    gates.fields().forEachRemaining(f -> {
      JsonNode value = f.getValue().has("default") ? f.getValue().get("default") : null;
      if (value == null) {
        StringBuilder nested = new StringBuilder("{");
        f.getValue().path("properties").fields().forEachRemaining(n -> nested.append(nested.length() > 1 ? ", " : "")
            .append(n.getKey()).append(": ").append(n.getValue().get("default")));
        yaml.append("  ").append(f.getKey()).append(": ").append(nested).append("}\n");
      } else {
        yaml.append("  ").append(f.getKey()).append(": ").append(value.isTextual() ? value.asText() : value).append('\n');
      }
    });

    assertThat(PlanFile.load(plan(yaml.toString())).plan().gates()).isEqualTo(GatePolicy.DEFAULT);
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> out = new TreeSet<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private Path plan(String yaml) throws IOException {
    Files.writeString(dir.resolve("x.override"), "PUPPET_REPO='https://github.com/me/ronin_puppet.git'\nPUPPET_BRANCH='x'\n");
    return Files.writeString(dir.resolve("plan.yaml"), yaml);
  }
}
