package dev.fleetroll.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalTargetTest {

  @TempDir Path dir;

  @Test
  void fleetrollsOwnSettingsWinOverTheTemporalProfileWhichWinsOverTheDefaults() {
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "cluster.example:7233", "TEMPORAL_NAMESPACE", "relops",
        "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString(),
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", dir.resolve("ca.pem").toString());

    TemporalTarget fromProfile = TemporalTarget.of(settings("", ""), env);
    TemporalTarget fromFleetroll = TemporalTarget.of(settings("fleetroll.example:7233", "ours"), env);
    TemporalTarget byDefault = TemporalTarget.of(settings("", ""),
        Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString()));

    assertThat(fromProfile.address()).isEqualTo("cluster.example:7233");
    assertThat(fromProfile.namespace()).isEqualTo("relops");
    assertThat(fromProfile.profile().security()).isEqualTo("TLS");
    assertThat(fromFleetroll.address()).isEqualTo("fleetroll.example:7233");
    assertThat(fromFleetroll.namespace()).isEqualTo("ours");
    assertThat(fromFleetroll.profile().security()).as("TLS still comes from the profile").isEqualTo("TLS");
    assertThat(byDefault.address()).isEqualTo("127.0.0.1:7233");
    assertThat(byDefault.namespace()).isEqualTo("default");
    assertThat(byDefault.profile().security()).isEqualTo("plain");
  }

  private static TemporalSettings settings(String address, String namespace) {
    return new TemporalSettings(address, namespace, "fleetroll", 50, Duration.ofSeconds(20), Duration.ofSeconds(5));
  }
}
