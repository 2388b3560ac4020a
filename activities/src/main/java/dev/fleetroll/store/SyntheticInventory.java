package dev.fleetroll.store;

import dev.fleetroll.Sha;
import dev.fleetroll.github.BranchHead;
import dev.fleetroll.host.FileFacts;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.host.HostOs;
import dev.fleetroll.host.PuppetState;
import dev.fleetroll.taskcluster.TaskRun;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a store with the observations a fleet of {@code hosts} would have left after {@code gathers}
 * audits and Taskcluster reads {@code every} apart, ending now: for the web view's benchmark
 * (bench/web) and tests, where booting a thousand simulated hosts would measure the simulator instead.
 * The records are the real types written through the store's real path; the values are plausible
 * (pools of 50 hosts, a few overrides, a failed Puppet run or an unreachable host here and there, the
 * heads of the Puppet branches with one branch moved on past what its hosts run) and fixed by {@code seed}.
 */
public final class SyntheticInventory {

  public static final String SUFFIX = ".test.releng.mdc1.mozilla.com";
  private static final String[] ROLES = {"gecko_t_linux_2404_talos", "gecko_t_linux_talos", "gecko_t_osx_1400_r8"};
  private static final String[] BRANCHES = {"fix-talos-audio", "bump-gfx-driver", "aerickson/san-juan"};
  private static final String REPO = "https://github.com/mozilla-platform-ops/ronin_puppet.git";
  /** The commit every host's last Puppet run applied. */
  private static final String RUNNING = "4e1c0a9d2b7f5e3a1c9b8d7f6e5a4b3c2d1e0f9a";
  /** The branch whose head moved on: its hosts are behind (PP_MATCH N). */
  public static final String MOVED_BRANCH = "bump-gfx-driver";

  private SyntheticInventory() {}

  /** The host names, in the simulated fleet's style (t-linux64-ms-001..., macmini-r8-001...). */
  public static List<String> hosts(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(name(i, count));
    }
    return out;
  }

  private static String name(int i, int count) {
    int macs = count / 5;
    return i < count - macs ? String.format("t-linux64-ms-%03d%s", i + 1, SUFFIX)
        : String.format("macmini-r8-%03d%s", i - (count - macs) + 1, SUFFIX);
  }

  public static void fill(Store store, int count, int gathers, Duration every, long seed) {
    Random random = new Random(seed);
    Instant now = Instant.now();
    List<String> names = hosts(count);
    for (int g = gathers - 1; g >= 0; g--) {
      Instant at = now.minus(every.multipliedBy(g)).minusSeconds(5);
      for (int i = 0; i < count; i++) {
        String host = names.get(i);
        boolean mac = host.startsWith("macmini");
        if (random.nextInt(100) == 0) {
          store.recordObservation(new HostObservation(host, at, "unreachable",
              "cannot connect to " + host + ":22: Connection timed out", 3, null));
        } else {
          store.recordObservation(HostObservation.ok(audit(host, i, mac, at, random), 1));
        }
        store.recordWorker(worker(host, i, mac, at, random));
      }
    }
    for (String branch : List.of("master", BRANCHES[0], BRANCHES[1], BRANCHES[2])) {
      String head = branch.equals(MOVED_BRANCH) ? "9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6" : RUNNING;
      store.recordBranchHead(new BranchHead("mozilla-platform-ops", "ronin_puppet", branch, now, BranchHead.OK, head,
          now.minus(Duration.ofHours(2)), false, "\"" + head + "\"", null, null));
    }
  }

  /** Whether host number {@code i} (0-based, in {@link #hosts} order) has an override, and of which branch. */
  public static String overrideBranch(int i) {
    return i % 7 == 0 ? BRANCHES[i % BRANCHES.length] : null;
  }

  private static HostAudit audit(String host, int i, boolean mac, Instant at, Random random) {
    String branch = overrideBranch(i);
    String override = branch == null ? null
        : "PUPPET_REPO='" + REPO + "'\nPUPPET_BRANCH='" + branch + "'\nPUPPET_MAIL='relops@example.com'\n";
    String overrideSha = override == null ? null : Sha.sha256(override.getBytes(StandardCharsets.UTF_8));
    FileFacts overrideFacts = override == null ? FileFacts.ABSENT
        : new FileFacts(true, "644", "root", mac ? "wheel" : "root", (long) override.length(), at.getEpochSecond() - 86400, overrideSha);
    String vaultSha = Sha.sha256(("vault-" + (i % 3)).getBytes(StandardCharsets.UTF_8));
    FileFacts vault = new FileFacts(true, "640", "root", mac ? "wheel" : "root", 512L, at.getEpochSecond() - 86400, vaultSha);
    boolean success = random.nextInt(40) != 0;
    Instant ran = at.minusSeconds(60 + random.nextInt(mac ? 1800 : 20000));
    PuppetState puppet = new PuppetState("metadata", ran, success, success ? 0 : 1, 40.0 + random.nextInt(60),
        role(i, mac), REPO, branch == null ? "master" : branch, RUNNING, false,
        random.nextInt(10) == 0 ? null : overrideSha, vaultSha);
    return new HostAudit(host, at, mac ? "Darwin" : "Linux", mac ? HostOs.MACOS : HostOs.LINUX,
        (long) (600 + random.nextInt(200_000)), role(i, mac), overrideFacts, override, vault, puppet);
  }

  private static String role(int i, boolean mac) {
    return mac ? ROLES[2] : ROLES[(i / 50) % 2];
  }

  private static WorkerSnapshot worker(String host, int i, boolean mac, Instant at, Random random) {
    String shortName = host.substring(0, host.indexOf('.'));
    String pool = "releng-hardware/" + (mac ? "gecko-t-osx-1400-r8" : (i / 50) % 2 == 0 ? "gecko-t-linux-talos-2404"
        : "gecko-t-linux-talos-1804");
    Instant started = at.minusSeconds(30 + random.nextInt(1500));
    String state = random.nextInt(30) == 0 ? "failed" : "completed";
    TaskRun last = new TaskRun("task" + i + "x" + at.getEpochSecond(), 0, state, state, started,
        started.plusSeconds(20 + random.nextInt(900)), "mdc1", shortName);
    boolean quarantined = random.nextInt(60) == 0;
    Instant active = at.minusSeconds(random.nextInt(quarantined ? 9000 : 600));
    return new WorkerSnapshot(host, at, "ok", null, pool, "mdc1", shortName, quarantined,
        quarantined ? at.plus(Duration.ofDays(1)) : null, quarantined ? "disk check" : null, List.of(), active, List.of(last));
  }
}
