package dev.fleetroll.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import dev.fleetroll.host.FileFacts;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.ssh.HostUnreachableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  private static HostAudit audit(String host, Instant at, String role) {
    return new HostAudit(host, at, "Linux", HostOs.LINUX, 100L, role, FileFacts.ABSENT, null, FileFacts.ABSENT,
        PuppetState.NONE);
  }

  @Test
  void migrationsRunOnceAndAgainIsANoOp() {
    try (Store store = Store.open(dir)) {
      assertThat(store.schemaVersion()).isEqualTo(Store.MIGRATIONS.size());
    }
    try (Store store = Store.open(dir)) {
      assertThat(store.schemaVersion()).isEqualTo(Store.MIGRATIONS.size());
    }
  }

  @Test
  void keepsTheNewestObservationsAndFindsTheLatestAndLatestOk() {
    try (Store store = Store.open(dir)) {
      Instant t0 = Instant.parse("2026-08-01T10:00:00Z");
      for (int i = 0; i < 12; i++) {
        store.recordObservation(HostObservation.ok(audit("h1", t0.plusSeconds(i), "role" + i), 1));
      }
      store.recordObservation(HostObservation.failed("h1", t0.plusSeconds(100),
          new HostUnreachableException("h1", "cannot connect"), 3));
      Store.HostHistory h = store.latestObservations(List.of("h1", "never")).get("h1");
      assertThat(h.latest().outcome()).isEqualTo("unreachable");
      assertThat(h.latest().error()).isEqualTo("cannot connect");
      assertThat(h.latest().attempts()).isEqualTo(3);
      assertThat(h.latestOk().audit().role()).isEqualTo("role11");
      assertThat(store.observations("h1", 100)).hasSize(Store.DEFAULT_KEEP);
      assertThat(store.latestObservations(List.of("never")).get("never").latest()).isNull();
    }
  }

  @Test
  void retentionOnWriteKeepsTheNewestNPerHostAndTheNewestOkAuditWhateverItsAge() {
    try (Store store = Store.open(dir, 3)) {
      Instant t0 = Instant.parse("2026-08-01T10:00:00Z");
      store.recordObservation(HostObservation.ok(audit("h1", t0, "good"), 1));
      for (int i = 1; i <= 5; i++) {
        store.recordObservation(HostObservation.failed("h1", t0.plusSeconds(i), new HostUnreachableException("h1", "down " + i), 3));
        store.recordObservation(HostObservation.ok(audit("h2", t0.plusSeconds(i), "r" + i), 1));
      }
      assertThat(store.observations("h1", 100)).extracting(HostObservation::error)
          .containsExactly("down 5", "down 4", "down 3", null);
      assertThat(store.latestObservations(List.of("h1")).get("h1").latestOk().audit().role()).isEqualTo("good");
      assertThat(store.observations("h2", 100)).extracting(o -> o.audit().role()).containsExactly("r5", "r4", "r3");
    }
  }

  @Test
  void pruneAppliesTheRetentionToEveryHostOfAStoreThatKeptMore() {
    Instant t0 = Instant.parse("2026-08-01T10:00:00Z");
    try (Store store = Store.open(dir, 10)) {
      store.recordObservation(HostObservation.ok(audit("h1", t0, "good"), 1));
      for (int i = 1; i <= 6; i++) {
        store.recordObservation(HostObservation.failed("h1", t0.plusSeconds(i), new HostUnreachableException("h1", "down"), 1));
        store.recordObservation(HostObservation.ok(audit("h2", t0.plusSeconds(i), "r" + i), 1));
      }
    }
    try (Store store = Store.open(dir, 2)) {
      Map<String, Integer> removed = store.prune();
      assertThat(removed).containsEntry("observations", 4 + 4);
      assertThat(store.observations("h1", 100)).hasSize(3);
      assertThat(store.observations("h2", 100)).extracting(o -> o.audit().role()).containsExactly("r6", "r5");
    }
  }

  @Test
  void notesSinceTheLastClearAndTheWholeLog() {
    try (Store store = Store.open(dir)) {
      store.addNote("h1", "alice", "disk replaced");
      store.clearNotes("h1", "bob", "fixed");
      store.addNote("h1", "alice", "fan noisy");
      store.addNote("h1", "carol", "RMA open");
      assertThat(store.currentNotes(List.of("h1", "h2"))).containsOnlyKeys("h1");
      assertThat(store.currentNotes(List.of("h1")).get("h1")).extracting(Note::text).containsExactly("fan noisy", "RMA open");
      assertThat(store.noteLog("h1")).extracting(Note::clear).containsExactly(false, true, false, false);
    }
  }

  @Test
  void freshnessPerSourceAsTheMvpsDataFreshness() {
    Instant now = Instant.parse("2026-08-01T12:00:00Z");
    try (Store store = Store.open(dir)) {
      store.recordObservation(HostObservation.ok(audit("h1", now.minusSeconds(600), "r"), 1));
      store.recordObservation(HostObservation.ok(audit("h2", now.minusSeconds(7200), "r"), 1));
      store.recordObservation(HostObservation.failed("h3", now.minusSeconds(60), new HostUnreachableException("h3", "down"), 1));
      StoreInfo info = StoreInfo.of(store, null, java.time.Duration.ofHours(1), 80, now);
      StoreInfo.Freshness hosts = info.freshness().get(0);
      assertThat(hosts.source()).isEqualTo("hosts");
      assertThat(hosts.total()).isEqualTo(2);
      assertThat(hosts.fresh()).isEqualTo(1);
      assertThat(hosts.freshPct()).isEqualTo(50.0);
      assertThat(hosts.status()).isEqualTo("stale");
      assertThat(hosts.okAgeSeconds()).isEqualTo(600);
      StoreInfo.Freshness listed = StoreInfo.of(store, List.of("h1", "h3"), java.time.Duration.ofHours(1), 50, now).freshness().get(0);
      assertThat(listed.withOk()).isEqualTo(1);
      assertThat(listed.status()).isEqualTo("fresh");
      assertThat(info.freshness().get(1).status()).isEqualTo("no_data");
      assertThat(info.tables().get(0).rows()).isEqualTo(3);
    }
  }

  @Test
  void auditLogIsAppendOnly() throws Exception {
    try (Store store = Store.open(dir)) {
      store.auditLog().append("alice", "host.set_override", List.of("h1"), Map.of("sha256", "ab"), Map.of("ok", true));
      AuditLog.Entry e = store.auditLog().recent(1).get(0);
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.hosts()).containsExactly("h1");
      assertThat(e.parameters()).containsEntry("sha256", "ab");
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fleetroll.db"));
        var s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log")).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'mallory'")).hasMessageContaining("append-only");
    }
  }

  @Test
  void contentIsStoredOnceByShaAndFoundByPrefixOrName() throws Exception {
    try (Store store = Store.open(dir)) {
      byte[] body = "PUPPET_BRANCH=\"x\"\n".getBytes(StandardCharsets.UTF_8);
      ContentStore.Entry a = store.content().put(ContentStore.Kind.OVERRIDE, body);
      ContentStore.Entry b = store.content().put(ContentStore.Kind.OVERRIDE, body);
      assertThat(b).isEqualTo(a);
      assertThat(a.fileName()).hasSize(12).isEqualTo(a.sha256().substring(0, 12));
      assertThat(store.content().read(a)).isEqualTo(body);
      assertThat(store.content().resolve(ContentStore.Kind.OVERRIDE, a.sha256().substring(0, 6))).isEqualTo(a);
      assertThat(store.content().resolve(ContentStore.Kind.OVERRIDE, a.humanHash())).isEqualTo(a);
      assertThatThrownBy(() -> store.content().resolve(ContentStore.Kind.VAULT, a.sha256().substring(0, 6)))
          .isInstanceOf(InputException.class).hasMessageContaining("no stored vault");
    }
  }

  @Test
  void vaultsAreReadableByTheOwnerOnly() throws Exception {
    try (Store store = Store.open(dir)) {
      ContentStore.Entry v = store.content().put(ContentStore.Kind.VAULT, "secret: 1\n".getBytes(StandardCharsets.UTF_8));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.path()))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.path().getParent()))).isEqualTo("rwx------");
    }
  }

  @Test
  void severalStoresWriteConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int n = p;
        futures.add(pool.submit(() -> {
          try (Store store = Store.open(dir)) {
            for (int i = 0; i < 25; i++) {
              store.recordObservation(HostObservation.ok(audit("h" + n, Instant.now(), "r"), 1));
              store.auditLog().append("a", "x", List.of("h" + n), Map.of(), Map.of());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    try (Store store = Store.open(dir)) {
      assertThat(store.lastObservationId()).isEqualTo(100);
      assertThat(store.auditLog().recent(1000)).hasSize(100);
    }
  }

  @Test
  void commandsOpeningANewStoreAtTheSameMomentAllGetIt() throws Exception {
    // The first open of a new store turns it to WAL; others arriving at that moment used to fail busy.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 50; round++) {
        Path fresh = dir.resolve("round-" + round);
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<Integer>> opened = new java.util.ArrayList<>();
        for (int p = 0; p < 4; p++) {
          opened.add(pool.submit(() -> {
            together.await();
            try (Store store = Store.open(fresh)) {
              return store.schemaVersion();
            }
          }));
        }
        for (Future<Integer> f : opened) {
          assertThat(f.get()).isEqualTo(Store.MIGRATIONS.size());
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void migrationSplitterKeepsTriggerBodiesWhole() {
    List<String> s = Store.statements("CREATE TABLE a (x);\n-- c\nCREATE TRIGGER t BEFORE DELETE ON a\n  BEGIN SELECT 1; END;\n");
    assertThat(s).hasSize(2);
    assertThat(s.get(1)).startsWith("CREATE TRIGGER").endsWith("END;");
  }
}
