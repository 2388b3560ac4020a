package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetStatus;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts behind a bastion, as RelOps reach theirs: the simulated fleet's ssh_config sends every host
 * through the bastion (ProxyJump), whose sshd keeps OpenSSH's default MaxStartups, and the hosts let
 * only the bastion log in. Counted on the bastion: the connections its sshd accepted.
 */
@SimulatedFleet(linux = 6, mac = 0, bastion = true)
class JumpHostEndToEndTest {

  private static SshSessions sessions(Fleet fleet) {
    return new SshSessions(SshConfig.load(fleet.files().sshConfig()),
        new SshOptions(Duration.ofSeconds(20), Duration.ofSeconds(60), false), HostKeyListener.NONE, null);
  }

  @Test
  void everyHostAtOnceThroughOneConnectionToTheBastion(Fleet fleet) throws Exception {
    int before = fleet.bastionLog().acceptedConnections();
    Map<String, String> names = new ConcurrentHashMap<>();
    try (SshSessions ssh = sessions(fleet); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> all = fleet.hosts().stream()
          .map(h -> pool.submit(() -> names.put(h.name(), ssh.run(h.name(), "hostname").stdout().strip()))).toList();
      for (Future<String> f : all) {
        f.get();
      }
      // Again on the same sessions: the connections (and the one to the bastion) are reused.
      for (SimHost h : fleet.hosts()) {
        assertThat(ssh.run(h.name(), "true").succeeded()).isTrue();
      }
    }
    for (SimHost h : fleet.hosts()) {
      assertThat(names.get(h.name())).isEqualTo(h.shortName());
    }
    assertThat(fleet.bastionLog().acceptedConnections() - before).as("connections the bastion accepted").isEqualTo(1);
    assertThat(fleet.bastionLog().droppedConnections()).isZero();
    // What `sim status --json` reports.
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) FleetStatus.of(fleet).get("bastion");
    assertThat(status).containsEntry("acceptedConnections", before + 1)
        .containsEntry("name", "bastion.test.releng.mdc1.mozilla.com");
  }

  @Test
  void theHostsAcceptOnlyTheBastion(Fleet fleet, @TempDir Path dir) throws Exception {
    Path direct = dir.resolve("ssh_config");
    Files.writeString(direct, Files.readString(fleet.files().sshConfig()).replaceAll("(?m)^\\s*ProxyJump .*\\n", ""));
    String host = fleet.hosts().getFirst().name();
    try (SshSessions ssh = new SshSessions(SshConfig.load(direct), SshOptions.defaults(), HostKeyListener.NONE, null)) {
      assertThatThrownBy(() -> ssh.run(host, "true")).isInstanceOf(AuthenticationFailedException.class);
    }
    // The same with OpenSSH's client, which Fleetroll must not be more privileged than.
    Process p = new ProcessBuilder("ssh", "-F", direct.toString(), host, "true")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true).start();
    assertThat(p.waitFor()).isEqualTo(255);
    Process through = new ProcessBuilder("ssh", "-F", fleet.files().sshConfig().toString(), host, "true")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true).start();
    assertThat(through.waitFor()).isZero();
  }

  @Test
  void aBastionThatRestartsIsReconnectedOnceForEveryHost(Fleet fleet) throws Exception {
    List<SimHost> hosts = fleet.hosts();
    try (SshSessions ssh = sessions(fleet)) {
      assertThat(ssh.run(hosts.get(0).name(), "true").succeeded()).isTrue();
      int before = fleet.bastionLog().acceptedConnections();
      fleet.reboot(Fleet.BASTION); // every connection through it dies with it
      assertThat(Fleet.await(Duration.ofSeconds(30), () -> !fleet.isUp(Fleet.BASTION))).isTrue();
      assertThat(fleet.awaitSsh(Fleet.BASTION, Duration.ofSeconds(120))).isTrue();
      // A host connected before (its tunnel died) and one never connected: both over one new jump connection.
      assertThat(ssh.run(hosts.get(0).name(), "hostname").stdout().strip()).isEqualTo(hosts.get(0).shortName());
      assertThat(ssh.run(hosts.get(1).name(), "hostname").stdout().strip()).isEqualTo(hosts.get(1).shortName());
      assertThat(fleet.bastionLog().acceptedConnections() - before).isEqualTo(1);
    }
  }

  @Test
  void aHostTheBastionCannotReachIsUnreachableAndTheOthersAreNotDisturbed(Fleet fleet) throws Exception {
    SimHost down = fleet.hosts().get(4);
    SimHost up = fleet.hosts().get(5);
    fleet.fault(down.name(), "ssh=refused");
    try (SshSessions ssh = sessions(fleet)) {
      assertThatThrownBy(() -> ssh.run(down.name(), "true")).isInstanceOf(HostUnreachableException.class)
          .hasMessageContaining("jump host bastion.test.releng.mdc1.mozilla.com cannot reach");
      assertThat(ssh.run(up.name(), "true").succeeded()).isTrue();
    } finally {
      fleet.fault(down.name(), "clear");
    }
  }

  @Test
  void aBastionThatDoesNotAnswerCostsOneConnectTimeoutForAllTheHostsWaitingOnIt(Fleet fleet) throws Exception {
    fleet.fault(Fleet.BASTION, "ssh=silent");
    try (SshSessions ssh = new SshSessions(SshConfig.load(fleet.files().sshConfig()),
        new SshOptions(Duration.ofSeconds(3), Duration.ofSeconds(60), false), HostKeyListener.NONE, null);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      List<Future<Throwable>> all = fleet.hosts().stream().map(h -> pool.submit(() -> {
        try {
          ssh.run(h.name(), "true");
          return (Throwable) null;
        } catch (HostException e) {
          return (Throwable) e;
        }
      })).toList();
      for (Future<Throwable> f : all) {
        assertThat(f.get()).isInstanceOf(HostUnreachableException.class).hasMessageContaining("jump host");
      }
      // One attempt shared by the six hosts: 3 s, where one attempt per host would take 18 s.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
    } finally {
      fleet.fault(Fleet.BASTION, "clear");
    }
    assertThat(fleet.awaitSsh(Fleet.BASTION, Duration.ofSeconds(30))).isTrue();
  }
}
