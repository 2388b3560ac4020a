package dev.fleetroll.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.home.FleetrollHome;
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
}
