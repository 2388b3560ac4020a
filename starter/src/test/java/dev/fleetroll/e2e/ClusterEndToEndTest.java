package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.temporal.SearchAttributes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/cluster end to end: PostgreSQL, the Temporal server and UI server the container images run, worker
 * processes with data directories of their own (as on machines of their own), and the CLI with a third, as on
 * an operator's laptop. Plain and with mutual TLS, through the standard Temporal client variables.
 */
class ClusterEndToEndTest {

  private static final int ATTRIBUTES = SearchAttributes.ALL.size();

  @TempDir Path cliHome;

  @Test
  void namespaceSetupOnAFreshClusterTwiceTheSecondAddsNothingAndItsTwoWorkersAnswer() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("plain", 2, false, Map.of())) {
      FleetrollHome home = new FleetrollHome(cliHome);

      assertThat(cluster.upOutput()).as("up runs the first namespace setup")
          .contains(ATTRIBUTES + " search attribute(s) added, 0 already there");
      CliRun again = cluster.cli(home, Map.of(), "namespace", "setup");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains(": 0 search attribute(s) added, " + ATTRIBUTES + " already there")
          .doesNotContain("  added ");

      CliRun status = cluster.script("status");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out()).contains("worker-1").contains("worker-2").contains("health UP")
          .contains(cluster.workerHome(1).toString()).contains(cluster.workerHome(2).toString());
      CliRun ping = cluster.cli(home, Map.of(), "ping");
      assertThat(ping.exitCode()).as(ping.toString()).isZero();
      assertThat(ping.out()).contains("Pong 'ping' from worker").contains(cluster.cliEnvironment().get("FLEETROLL_TEMPORAL_UI"));
    }
  }

  @Test
  void withTlsTheStandardVariablesConnectAndAClientWithoutACertificateIsRefused() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("tls", 1, true, Map.of())) {
      FleetrollHome home = new FleetrollHome(cliHome);
      Map<String, String> env = cluster.cliEnvironment();
      assertThat(env).containsKeys("TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH",
          "TEMPORAL_TLS_SERVER_CA_CERT_PATH");

      CliRun ping = cluster.cli(home, Map.of(), "ping");
      assertThat(ping.exitCode()).as(ping.toString()).isZero();

      Map<String, String> noCertificate = new HashMap<>(env);
      noCertificate.remove("TEMPORAL_TLS_CLIENT_CERT_PATH");
      noCertificate.remove("TEMPORAL_TLS_CLIENT_KEY_PATH");
      CliRun refused = CliRun.run(home, noCertificate, "ping");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("cannot reach Temporal at " + env.get("TEMPORAL_ADDRESS") + " (TLS: ")
          .contains("CERTIFICATE_REQUIRED");

      Map<String, String> plain = Map.of("TEMPORAL_ADDRESS", env.get("TEMPORAL_ADDRESS"));
      CliRun plainRefused = CliRun.run(home, plain, "ping");
      assertThat(plainRefused.exitCode()).as(plainRefused.toString()).isEqualTo(1);
      assertThat(plainRefused.err()).contains("(plain: ");
    }
  }
}
