package dev.fleetroll.server;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.InputException;
import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalEndpointTest {

  @TempDir Path dir;

  @Test
  void withNothingConfiguredItIsTheDefaultLocalServer() {
    TemporalEndpoint endpoint = TemporalEndpoint.resolve(Map.of(), new FleetrollHome(dir));

    assertThat(endpoint.address()).isEqualTo("127.0.0.1:7233");
    assertThat(endpoint.namespace()).isEqualTo("default");
    assertThat(endpoint.taskQueue()).isEqualTo("fleetroll");
    assertThat(endpoint.webUi()).contains("http://127.0.0.1:8233");
  }

  @Test
  void theServerStartedForTheDataDirectoryWinsOverTheDefault() {
    FleetrollHome home = new FleetrollHome(dir);
    ServerState.save(home, new ServerPorts(17233, 18233));

    TemporalEndpoint endpoint = TemporalEndpoint.resolve(Map.of(), home);

    assertThat(endpoint.address()).isEqualTo("127.0.0.1:17233");
    assertThat(endpoint.workflowUrl("rollout-x/host 1"))
        .contains("http://127.0.0.1:18233/namespaces/default/workflows/rollout-x%2Fhost%201");
  }

  @Test
  void environmentWinsOverTheDataDirectoryAndTheCommandLineOverBoth() {
    FleetrollHome home = new FleetrollHome(dir);
    ServerState.save(home, new ServerPorts(17233, 18233));
    Map<String, String> env = Map.of(
        "FLEETROLL_TEMPORAL_ADDRESS", "temporal.example:7233",
        "FLEETROLL_TEMPORAL_NAMESPACE", "relops",
        "FLEETROLL_TASK_QUEUE", "fleetroll-test");

    TemporalEndpoint fromEnv = TemporalEndpoint.resolve(env, home);
    TemporalEndpoint fromOption = TemporalEndpoint.resolve(env, home, "other:7233");

    assertThat(fromEnv.address()).isEqualTo("temporal.example:7233");
    assertThat(fromEnv.namespace()).isEqualTo("relops");
    assertThat(fromEnv.taskQueue()).isEqualTo("fleetroll-test");
    assertThat(fromEnv.webUi()).as("the local Web UI does not show another server").isEmpty();
    assertThat(fromOption.address()).isEqualTo("other:7233");
  }

  @Test
  void theWebUiOfAnotherServerCanBeGiven() {
    TemporalEndpoint endpoint = TemporalEndpoint.resolve(Map.of(
        "FLEETROLL_TEMPORAL_ADDRESS", "temporal:7233", "FLEETROLL_TEMPORAL_UI", "http://temporal-ui:8080/"),
        new FleetrollHome(dir));

    assertThat(endpoint.workflowUrl("ping-1")).contains("http://temporal-ui:8080/namespaces/default/workflows/ping-1");
  }

  @Test
  void theStandardTemporalVariablesWinOverTheLocalServerAndLoseToFleetrollsOwn() {
    FleetrollHome home = new FleetrollHome(dir);
    ServerState.save(home, new ServerPorts(17233, 18233));
    Map<String, String> standard = Map.of("TEMPORAL_ADDRESS", "cluster.example:7233", "TEMPORAL_NAMESPACE", "relops",
        "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString());

    TemporalEndpoint fromStandard = TemporalEndpoint.resolve(standard, home);
    TemporalEndpoint fromFleetroll = TemporalEndpoint.resolve(with(standard,
        "FLEETROLL_TEMPORAL_ADDRESS", "fleetroll.example:7233", "FLEETROLL_TEMPORAL_NAMESPACE", "ours"), home);

    assertThat(fromStandard.address()).isEqualTo("cluster.example:7233");
    assertThat(fromStandard.namespace()).isEqualTo("relops");
    assertThat(fromStandard.profile().security()).isEqualTo("plain");
    assertThat(fromFleetroll.address()).isEqualTo("fleetroll.example:7233");
    assertThat(fromFleetroll.namespace()).isEqualTo("ours");
    assertThat(TemporalEndpoint.resolve(standard, home, "option:7233").address()).isEqualTo("option:7233");
  }

  @Test
  void aProfileOfTheTemporalConfigFileGivesAddressNamespaceAndMutualTls() throws IOException {
    Path config = dir.resolve("temporal.toml");
    Files.writeString(config, """
        [profile.default]
        address = "default.example:7233"

        [profile.prod]
        address = "prod.example:7233"
        namespace = "fleet"
        [profile.prod.tls]
        client_cert_path = "/etc/fleetroll/client.pem"
        client_key_path = "/etc/fleetroll/client.key"
        """);
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", config.toString(), "TEMPORAL_PROFILE", "prod");

    TemporalEndpoint prod = TemporalEndpoint.resolve(env, new FleetrollHome(dir));
    TemporalEndpoint byDefault = TemporalEndpoint.resolve(Map.of("TEMPORAL_CONFIG_FILE", config.toString()),
        new FleetrollHome(dir));

    assertThat(prod.address()).isEqualTo("prod.example:7233");
    assertThat(prod.namespace()).isEqualTo("fleet");
    assertThat(prod.profile().security()).isEqualTo("mTLS");
    assertThat(byDefault.address()).isEqualTo("default.example:7233");
    assertThat(byDefault.profile().security()).isEqualTo("plain");
  }

  @Test
  void theTlsVariablesSecureTheConnectionAndAMissingCertificateIsAnInputError() {
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "cluster.example:7233",
        "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString(),
        "TEMPORAL_TLS_CLIENT_CERT_PATH", dir.resolve("client.pem").toString(),
        "TEMPORAL_TLS_CLIENT_KEY_PATH", dir.resolve("client.key").toString());

    TemporalEndpoint endpoint = TemporalEndpoint.resolve(env, new FleetrollHome(dir));

    assertThat(endpoint.profile().security()).isEqualTo("mTLS");
    assertThatThrownBy(endpoint::stubsOptions).isInstanceOf(InputException.class)
        .hasMessageContaining("TEMPORAL_TLS_").hasMessageContaining("client.pem");
  }

  @Test
  void theLocalServerIsReachedPlainWhateverTheProfileSays() {
    FleetrollHome home = new FleetrollHome(dir);
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "cluster.example:7233", "TEMPORAL_NAMESPACE", "relops",
        "TEMPORAL_API_KEY", "secret-key", "TEMPORAL_TLS", "true",
        "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString());

    TemporalEndpoint local = TemporalEndpoint.local(env, home, new ServerPorts(17233, 18233));

    assertThat(local.address()).isEqualTo("127.0.0.1:17233");
    assertThat(local.namespace()).isEqualTo("default");
    assertThat(local.profile().security()).isEqualTo("plain");
    assertThat(TemporalEndpoint.resolve(env, home).profile().security()).isEqualTo("TLS with an API key");
    assertThat(WorkerLaunch.environment(local, home))
        .containsEntry("TEMPORAL_TLS", "false").containsEntry("TEMPORAL_API_KEY", "")
        .containsEntry("FLEETROLL_TEMPORAL_ADDRESS", "127.0.0.1:17233");
  }

  @Test
  void aProfileNotInTheConfigFileIsAnInputError() {
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString(),
        "TEMPORAL_PROFILE", "staging");

    assertThatThrownBy(() -> TemporalEndpoint.resolve(env, new FleetrollHome(dir)))
        .isInstanceOf(InputException.class).hasMessageContaining("staging");
  }

  private static Map<String, String> with(Map<String, String> env, String... pairs) {
    Map<String, String> result = new java.util.HashMap<>(env);
    for (int i = 0; i < pairs.length; i += 2) {
      result.put(pairs[i], pairs[i + 1]);
    }
    return result;
  }
}
