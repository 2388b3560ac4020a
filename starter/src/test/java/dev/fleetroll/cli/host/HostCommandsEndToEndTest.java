package dev.fleetroll.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.Sha;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.json.Json;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.HostCounters;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleet;
import dev.fleetroll.store.AuditLog;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host commands as an operator runs them, against the simulated fleet: what lands on the hosts
 * (read back through the simulator), in the store, and the exit codes.
 */
@SimulatedFleet(linux = 2, mac = 1)
class HostCommandsEndToEndTest {
  private static final String LINUX = "t-linux64-ms-001.test.releng.mdc1.mozilla.com";
  private static final String LINUX_2 = "t-linux64-ms-002.test.releng.mdc1.mozilla.com";
  private static final String MAC = "macmini-r8-001.test.releng.mdc1.mozilla.com";
  private static final String OVERRIDE = """
      # canary for san-juan
      PUPPET_REPO='https://github.com/mozilla-platform-ops/ronin_puppet.git'
      PUPPET_BRANCH='master'
      PUPPET_MAIL='relops@mozilla.com'
      """;

  @TempDir Path dir;

  @AfterEach
  void clearFaults(Fleet fleet) {
    for (SimHost h : fleet.hosts()) {
      fleet.fault(h.name(), "clear");
    }
  }

  private static String config(Fleet fleet) {
    return fleet.files().sshConfig().toString();
  }

  private static Store store() {
    return Store.open(FleetrollHome.fromEnvironment());
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void auditJsonReportsEveryHostWithWhatItReallyHas(Fleet fleet) {
    Cli.Run run = Cli.run("host", "audit", "-F", config(fleet), fleet.files().hostsList().toString(), "--json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(fleet.hosts().size());
    for (String line : lines) {
      HostObservation o = Json.read(line, HostObservation.class);
      SimHost h = fleet.host(o.host());
      assertThat(o.ok()).isTrue();
      assertThat(o.audit().role()).isEqualTo(h.role());
      String override = fleet.readFile(h.name(), o.audit().os().overridePath());
      assertThat(o.audit().override().sha256()).isEqualTo(
          override == null ? null : Sha.sha256(override.getBytes(StandardCharsets.UTF_8)));
      String metadata = fleet.readFile(h.name(), o.audit().os().puppetMetadataPath());
      if (metadata != null) {
        JsonNode m = Json.read(metadata, JsonNode.class);
        assertThat(o.audit().puppet().gitSha()).isEqualTo(m.path("git_sha").asText(null));
        assertThat(o.audit().puppet().success()).isEqualTo(m.path("success").asBoolean());
      }
    }
    try (Store store = store()) {
      for (SimHost h : fleet.hosts()) {
        assertThat(store.latestObservations(List.of(h.name())).get(h.name()).latest().ok()).isTrue();
      }
    }
  }

  @Test
  void setOverrideDryRunThenConfirmThenUnset(Fleet fleet) throws Exception {
    Path override = file("canary.override", OVERRIDE);
    for (String h : List.of(LINUX, MAC)) {
      Cli.run("host", "unset-override", "-F", config(fleet), h, "--confirm", "--no-backup");
    }
    HostCounters linuxBefore = fleet.counters(LINUX);

    Cli.Run dry = Cli.run("host", "set-override", "-F", config(fleet), "-f", override.toString(), LINUX + "," + MAC);
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("WRITE      " + LINUX, "WRITE      " + MAC, "Dry run: nothing was changed");
    assertThat(fleet.readFile(LINUX, "/etc/puppet/ronin_settings")).isNull();
    assertThat(fleet.counters(LINUX).overrideWrites()).isEqualTo(linuxBefore.overrideWrites());

    Cli.Run apply = Cli.run("host", "set-override", "-F", config(fleet), "-f", override.toString(), LINUX + "," + MAC,
        "--confirm", "--reason", "canary");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(fleet.readFile(LINUX, "/etc/puppet/ronin_settings")).isEqualTo(OVERRIDE);
    assertThat(fleet.readFile(MAC, "/opt/puppet_environments/ronin_settings")).isEqualTo(OVERRIDE);
    assertThat(fleet.counters(LINUX).overrideWrites()).isEqualTo(linuxBefore.overrideWrites() + 1);
    String sha = Sha.sha256(OVERRIDE.getBytes(StandardCharsets.UTF_8));
    try (Store store = store()) {
      AuditLog.Entry entry = store.auditLog().recent(5).stream()
          .filter(e -> e.action().equals("host.set_override")).findFirst().orElseThrow();
      assertThat(entry.hosts()).containsExactly(LINUX, MAC);
      assertThat(entry.parameters()).containsEntry("sha256", sha).containsEntry("reason", "canary");
      assertThat(entry.toString()).doesNotContain("PUPPET_MAIL");
      assertThat(((Map<?, ?>) entry.result().get(LINUX)).get("outcome")).isEqualTo("changed");
      assertThat(store.content().bySha(sha)).isNotNull();
      // The re-audit after the write already shows the new override.
      assertThat(store.latestObservations(List.of(LINUX)).get(LINUX).latest().audit().override().sha256()).isEqualTo(sha);
    }

    Cli.Run again = Cli.run("host", "set-override", "-F", config(fleet), "-f", override.toString(), LINUX, "--confirm");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("NO_CHANGE  " + LINUX);
    assertThat(fleet.counters(LINUX).overrideWrites()).isEqualTo(linuxBefore.overrideWrites() + 1);

    Path other = file("other.override", OVERRIDE.replace("'master'", "'relops/other'"));
    Cli.Run blocked = Cli.run("host", "set-override", "-F", config(fleet), "-f", other.toString(), LINUX, "--confirm");
    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
    assertThat(blocked.out()).contains("BLOCKED");
    assertThat(fleet.readFile(LINUX, "/etc/puppet/ronin_settings")).isEqualTo(OVERRIDE);

    Cli.Run unset = Cli.run("host", "unset-override", "-F", config(fleet), LINUX, MAC, "--confirm");
    assertThat(unset.exitCode()).as(unset.toString()).isZero();
    assertThat(fleet.readFile(LINUX, "/etc/puppet/ronin_settings")).isNull();
    assertThat(fleet.readFile(MAC, "/opt/puppet_environments/ronin_settings")).isNull();
  }

  @Test
  void setVaultStoresItPrivatelyAndNeverPrintsIt(Fleet fleet) throws Exception {
    String secret = "github:\n  pat: s3cr3t-token-value\n";
    Path vault = file("vault.yaml", secret);
    Cli.Run dry = Cli.run("host", "set-vault", "-F", config(fleet), "-f", vault.toString(), LINUX_2);
    assertThat(dry.out() + dry.err()).doesNotContain("s3cr3t");
    Cli.Run run = Cli.run("host", "set-vault", "-F", config(fleet), "-f", vault.toString(), LINUX_2, "--confirm");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out() + run.err()).doesNotContain("s3cr3t");
    assertThat(fleet.readFile(LINUX_2, "/root/vault.yaml")).isEqualTo(secret);
    String sha = Sha.sha256(secret.getBytes(StandardCharsets.UTF_8));
    try (Store store = store()) {
      ContentStore.Entry e = store.content().bySha(sha);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(e.path()))).isEqualTo("rw-------");
      assertThat(store.auditLog().recent(3).toString()).doesNotContain("s3cr3t");
      assertThat(store.latestObservations(List.of(LINUX_2)).get(LINUX_2).latest().audit().vault().mode()).isEqualTo("640");
    }
    Cli.Run show = Cli.run("vault", "show", sha.substring(0, 8));
    assertThat(show.out()).isEqualTo(secret);
  }

  @Test
  void runPuppetReportsEachHostAndFailsWhenPuppetFails(Fleet fleet) {
    // The Mac wrapper ignores FLEETROLL_SINGLE_RUN (as in ronin_puppet) and retries a failing run
    // forever, so the failing host here is a Linux one.
    fleet.fault(LINUX_2, "puppet=fail");
    int linuxRuns = fleet.counters(LINUX).puppetRuns();
    Cli.Run run = Cli.run("host", "run-puppet", "-F", config(fleet), LINUX, LINUX_2, MAC, "--confirm");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).containsPattern("OK +" + LINUX).containsPattern("OK +" + MAC).containsPattern("FAIL +" + LINUX_2);
    assertThat(fleet.counters(LINUX).puppetRuns()).isEqualTo(linuxRuns + 1);

    Cli.Run dry = Cli.run("host", "run-puppet", "-F", config(fleet), LINUX);
    assertThat(dry.out()).contains("Dry run");
    assertThat(fleet.counters(LINUX).puppetRuns()).isEqualTo(linuxRuns + 1);

    // A Linux worker starts only once Puppet succeeded; if the failed run came before the boot-time one
    // finished, the host waits for a good run, as a real one would: give it one, for the tests after this.
    fleet.fault(LINUX_2, "clear");
    Cli.Run fixed = Cli.run("host", "run-puppet", "-F", config(fleet), LINUX_2, "--confirm");
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
  }

  @Test
  void faultyHostsAreRecordedAndExitOne(Fleet fleet) {
    fleet.fault(LINUX_2, "sudo=no");
    fleet.fault(MAC, "ssh=refused");
    Cli.Run run = Cli.run("host", "audit", "-F", config(fleet), LINUX, LINUX_2, MAC, "--retries", "0");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("1 ok", "1 no sudo", "1 unreachable");
    try (Store store = store()) {
      var latest = store.latestObservations(List.of(LINUX_2, MAC));
      assertThat(latest.get(LINUX_2).latest().outcome()).isEqualTo("no_sudo");
      assertThat(latest.get(MAC).latest().outcome()).isEqualTo("unreachable");
      assertThat(latest.get(MAC).latest().error()).contains("refused");
    }
    Cli.Run monitor = Cli.run("host", "monitor", fleet.files().hostsList().toString(), "--once", "--filter", "status=fail");
    assertThat(monitor.out()).contains("t-linux64-ms-002", "macmini-r8-001").doesNotContain("t-linux64-ms-001 ");
  }

  @Test
  void readOnlyFilesystemLeavesNothingHalfWritten(Fleet fleet) throws Exception {
    Cli.run("host", "unset-override", "-F", config(fleet), LINUX_2, "--confirm", "--no-backup");
    fleet.fault(LINUX_2, "fs=ro");
    Path override = file("ro.override", OVERRIDE);
    Cli.Run run = Cli.run("host", "set-override", "-F", config(fleet), "-f", override.toString(), LINUX_2, "--confirm");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("read_only_filesystem");
    fleet.fault(LINUX_2, "fs=rw");
    assertThat(fleet.readFile(LINUX_2, "/etc/puppet/ronin_settings")).isNull();
    // Read back with plain OpenSSH: no temporary file was left behind either.
    Process ls = new ProcessBuilder("ssh", "-F", config(fleet), LINUX_2, "ls -a /etc/puppet").redirectErrorStream(true).start();
    String listing = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ls.waitFor()).as(listing).isZero();
    assertThat(listing).doesNotContain("ronin_settings");
  }

  @Test
  void badInputExitsTwoAndTouchesNoHost(Fleet fleet) throws Exception {
    // The host's boot-time Puppet run counts too: under load it can still be starting when this test runs first.
    assertThat(Fleet.await(Duration.ofSeconds(120), () -> fleet.puppetRunDone(LINUX))).isTrue();
    HostCounters before = fleet.counters(LINUX);
    Path good = file("good.override", OVERRIDE);
    Path bad = file("bad.override", "PUPPET_BRANCH='has space'\nFOO=bar\n");
    Path list = file("bad.list", "# fqdn: test.releng.mdc1.mozilla.com\nt-linux64-ms-001\nnot_a_host!\nt-linux64-ms-001\n");
    Path empty = file("empty.list", "# nothing here\n\n");

    Cli.Run invalid = Cli.run("host", "set-override", "-F", config(fleet), "-f", bad.toString(), LINUX, "--confirm");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains(bad + ":1: PUPPET_BRANCH", bad + ":2: unknown key FOO");

    Cli.Run badList = Cli.run("host", "set-override", "-F", config(fleet), "-f", good.toString(), list.toString(), "--confirm");
    assertThat(badList.exitCode()).isEqualTo(2);
    assertThat(badList.err()).contains(list + ":3: 'not_a_host!' is not a valid host name",
        list + ":4: 't-linux64-ms-001' is t-linux64-ms-001.test.releng.mdc1.mozilla.com, already named at " + list + ":2");

    assertThat(Cli.run("host", "audit", "-F", config(fleet), empty.toString()).err()).contains("host list has no hosts");
    assertThat(Cli.run("host", "audit", "-F", config(fleet), empty.toString()).exitCode()).isEqualTo(2);
    Cli.Run missing = Cli.run("host", "audit", "-F", config(fleet), dir.resolve("nope.list").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.list: host list not found");

    Cli.Run unknown = Cli.run("host", "set-override", "-F", config(fleet), "-f", good.toString(),
        "no-such-host.invalid", LINUX, "--confirm");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown host: no-such-host.invalid");

    Cli.Run unreadable = Cli.run("host", "set-override", "-F", config(fleet), "-f", dir.resolve("missing.override").toString(),
        LINUX, "--confirm");
    assertThat(unreadable.exitCode()).isEqualTo(2);
    assertThat(unreadable.err()).contains("missing.override: override file not found");

    assertThat(fleet.counters(LINUX).overrideWrites()).isEqualTo(before.overrideWrites());
    assertThat(fleet.counters(LINUX).puppetRuns()).isEqualTo(before.puppetRuns());
  }

  /** Issue 11, holes 7 and 9: input that validated before and would have broken hosts, through the real CLI. */
  @Test
  void anOverrideThatWouldBreakHostsOrAHostNamedTwiceIsRefusedAndNoHostIsTouched(Fleet fleet) throws Exception {
    for (String h : List.of(LINUX, MAC)) {
      Cli.run("host", "unset-override", "-F", config(fleet), h, "--confirm", "--no-backup");
    }
    HostCounters linux = fleet.counters(LINUX);
    HostCounters mac = fleet.counters(MAC);
    String token = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    Path crlf = file("crlf.override", OVERRIDE.replace("\n", "\r\n"));
    Path credential = file("credential.override", OVERRIDE.replace("https://github.com/",
        "https://relops:" + token + "@github.com/"));
    Path good = file("good.override", OVERRIDE);

    Cli.Run windows = Cli.run("host", "set-override", "-F", config(fleet), "-f", crlf.toString(), LINUX, MAC,
        "--confirm");
    Cli.Run leak = Cli.run("host", "set-override", "-F", config(fleet), "-f", credential.toString(), LINUX, MAC,
        "--confirm");
    Cli.Run validate = Cli.run("override", "validate", crlf.toString());
    Cli.Run twice = Cli.run("host", "set-override", "-F", config(fleet), "-f", good.toString(), LINUX,
        "T-Linux64-MS-001", "--confirm");
    Cli.Run user = Cli.run("host", "run-puppet", "-F", config(fleet), "root@" + LINUX, "--confirm");

    assertThat(windows.exitCode()).as(windows.toString()).isEqualTo(2);
    assertThat(windows.err()).contains(crlf + ":1: carriage return (Windows CRLF line ending, on 4 lines)");
    assertThat(leak.exitCode()).as(leak.toString()).isEqualTo(2);
    assertThat(leak.err()).contains(credential + ":2: a credential (PUPPET_REPO='https://***@github.com/")
        .doesNotContain(token).doesNotContain("relops:");
    assertThat(leak.out()).doesNotContain(token);
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(2);
    assertThat(twice.err()).contains("argument 'T-Linux64-MS-001': 'T-Linux64-MS-001' is " + LINUX + ", already named at"
        + " argument '" + LINUX + "'");
    assertThat(user.exitCode()).as(user.toString()).isEqualTo(2);
    assertThat(user.err()).contains("name the host without 'root@'");
    assertThat(fleet.counters(LINUX)).isEqualTo(linux);
    assertThat(fleet.counters(MAC)).isEqualTo(mac);
    assertThat(fleet.readFile(LINUX, "/etc/puppet/ronin_settings")).isNull();
    assertThat(fleet.readFile(MAC, "/opt/puppet_environments/ronin_settings")).isNull();
    try (Store store = store()) {
      for (Path rejected : List.of(crlf, credential)) {
        assertThat(store.content().bySha(Sha.sha256(Files.readAllBytes(rejected)))).as(rejected.toString())
            .isNull();
      }
      assertThat(store.auditLog().recent(50)).noneMatch(e -> e.toString().contains(token));
    }
  }

  @Test
  void tcFetchRecordsQuarantineAndTheMonitorShowsIt(Fleet fleet) throws Exception {
    // The queue knows a worker only after its first claim; a Linux worker starts after its boot-time Puppet run.
    assertThat(Fleet.await(Duration.ofSeconds(180), () -> fleet.hosts().stream()
        .allMatch(host -> !fleet.taskcluster().recentTasks(host.name()).isEmpty())))
        .as("every worker claimed a task; not yet: %s", fleet.hosts().stream().map(SimHost::name)
            .filter(host -> fleet.taskcluster().recentTasks(host).isEmpty()).toList())
        .isTrue();
    Map<String, String> env = TcFetchCommand.environment(fleet.files().taskclusterEnv());
    var client = new dev.fleetroll.taskcluster.TaskclusterClient(
        dev.fleetroll.taskcluster.TaskclusterCredentials.fromEnvironment(env));
    SimHost h = fleet.host(LINUX);
    var address = new dev.fleetroll.taskcluster.WorkerAddress(h.provisionerId(), fleet.taskcluster().workerType(LINUX),
        h.workerGroup(), h.workerId());
    client.quarantine(address, java.time.Instant.now().plusSeconds(3600), "disk check");
    try {
      assertThat(Cli.run("host", "audit", "-F", config(fleet), fleet.files().hostsList().toString()).exitCode()).isZero();
      Cli.Run fetch = Cli.run("tc", "fetch", "--tc-env", fleet.files().taskclusterEnv().toString(),
          fleet.files().hostsList().toString(), "--json");
      assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
      Map<String, dev.fleetroll.taskcluster.WorkerSnapshot> byHost = new java.util.HashMap<>();
      fetch.out().lines().map(l -> Json.read(l, dev.fleetroll.taskcluster.WorkerSnapshot.class))
          .forEach(s -> byHost.put(s.host(), s));
      assertThat(byHost).hasSize(fleet.hosts().size());
      assertThat(byHost.get(LINUX).quarantined()).isTrue();
      assertThat(byHost.get(LINUX).quarantineReason()).isEqualTo("disk check");
      assertThat(byHost.get(LINUX_2).quarantined()).isFalse();
      assertThat(byHost.get(LINUX).poolId()).isEqualTo(h.workerPoolId());

      Cli.Run monitor = Cli.run("host", "monitor", fleet.files().hostsList().toString(), "--once", "--filter", "tc_quar=yes");
      assertThat(monitor.exitCode()).isZero();
      assertThat(monitor.out()).contains("t-linux64-ms-001").doesNotContain("t-linux64-ms-002", "macmini");
      Cli.Run json = Cli.run("host", "monitor", fleet.files().hostsList().toString(), "--json");
      assertThat(json.out().lines().filter(l -> l.contains("\"tc_quar\":\"YES\"")).count()).isEqualTo(1);
    } finally {
      client.release(address, "done");
    }
  }

  @Test
  void unknownHostKeysAreRefusedUntilAcceptedAndTheAcceptanceIsAudited(Fleet fleet) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().knownHosts().toString(), knownHosts.toString()));
    Cli.Run refused = Cli.run("host", "audit", "-F", config.toString(), LINUX);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out()).contains("host_key", "--accept-new-host-keys");

    // Named in another spelling: the canonical name is what the SSH config resolves and the audit log records.
    Cli.Run accepted = Cli.run("host", "audit", "-F", config.toString(), "T-LINUX64-MS-001", "--accept-new-host-keys");
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(Files.readString(knownHosts)).startsWith(LINUX + " ssh-ed25519 ");
    try (Store store = store()) {
      AuditLog.Entry entry = store.auditLog().recent(5).stream()
          .filter(e -> e.action().equals("host.accept_host_key")).findFirst().orElseThrow();
      assertThat(entry.hosts()).containsExactly(LINUX);
      assertThat((String) entry.parameters().get("fingerprint")).startsWith("SHA256:");
    }
    assertThat(Cli.run("host", "audit", "-F", config.toString(), LINUX).exitCode()).isZero();
  }

  @Test
  void inventoryGatherAuditsTheHostKeysItAccepts(Fleet fleet) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Path config = file("ssh_config", Files.readString(fleet.files().sshConfig())
        .replace(fleet.files().knownHosts().toString(), knownHosts.toString()));
    int before = keysAcceptedBy("inventory gather").size();
    Cli.Run gather = Cli.run("inventory", "gather", "-F", config.toString(), LINUX_2, "--accept-new-host-keys",
        "--skip-tc", "--skip-gh");
    assertThat(gather.exitCode()).as(gather.toString()).isZero();
    assertThat(Files.readString(knownHosts)).startsWith(LINUX_2 + " ssh-ed25519 ");
    List<AuditLog.Entry> accepted = keysAcceptedBy("inventory gather");
    assertThat(accepted).hasSize(before + 1);
    assertThat(accepted.getFirst().hosts()).containsExactly(LINUX_2);
  }

  /** The host keys the audit log says {@code by} accepted, newest first (the store outlives one test run). */
  private static List<AuditLog.Entry> keysAcceptedBy(String by) {
    try (Store store = store()) {
      return store.auditLog().recent(10_000).stream().filter(e -> e.action().equals("host.accept_host_key")
          && by.equals(e.parameters().get("by"))).toList();
    }
  }

  @Test
  void anSshOptionFleetrollWouldNotFollowStopsTheCommandBeforeAnyHostIsTouched(Fleet fleet) throws Exception {
    Path override = file("refused.override", OVERRIDE);
    // The fleet's config, plus a ProxyCommand for the second host only (line 3 of the file).
    Path config = file("ssh_config", "# ops\nHost " + LINUX_2 + "\n  ProxyCommand nc %h %p\n"
        + Files.readString(fleet.files().sshConfig()));
    int writes = fleet.counters(LINUX).overrideWrites();
    Cli.Run run = Cli.run("host", "set-override", "-F", config.toString(), "-f", override.toString(), LINUX, LINUX_2,
        "--confirm");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("fleetroll: " + config + ":3: ProxyCommand is not supported: reach hosts"
        + " through ProxyJump (one connection per jump host carries them all) (for " + LINUX_2 + ")");
    assertThat(fleet.counters(LINUX).overrideWrites()).as("the first host was not touched").isEqualTo(writes);
    Cli.Run audit = Cli.run("host", "audit", "-F", config.toString(), LINUX, LINUX_2);
    assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(2);
    assertThat(audit.err()).contains(config + ":3: ProxyCommand");
    assertThat(Cli.run("host", "audit", "-F", config.toString(), LINUX).exitCode()).as("other hosts are fine").isZero();
  }
}
