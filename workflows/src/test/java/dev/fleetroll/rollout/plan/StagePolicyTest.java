package dev.fleetroll.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stage policy as Temporal carries it in a rollout's input: a plan of sizes has exactly the JSON it
 * had before hand-picked stages existed (the histories of running rollouts read as before), and
 * hand-picked hosts travel as names.
 */
class StagePolicyTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  @Test
  void sizesHaveTheirOldJsonAndOldJsonReadsAsBefore() {
    StagePolicy sizes = new StagePolicy(2, List.of("5", "50%"));

    assertThat(json(sizes)).isEqualTo("{\"canary\":2,\"batches\":[\"5\",\"50%\"]}");
    assertThat(read("{\"canary\":2,\"batches\":[\"5\",\"50%\"]}")).isEqualTo(sizes);
  }

  @Test
  void handPickedHostsTravelAsNames() {
    StagePolicy picked = new StagePolicy(StagePick.hosts(List.of("h3", "h7")),
        List.of(StagePick.hosts(List.of("h1")), StagePick.size("100%")));

    assertThat(json(picked)).isEqualTo("{\"canary\":[\"h3\",\"h7\"],\"batches\":[[\"h1\"],\"100%\"]}");
    assertThat(read(json(picked))).isEqualTo(picked);
  }

  private static String json(StagePolicy policy) {
    return new String(CONVERTER.toPayload(policy).orElseThrow().getData().toByteArray(), StandardCharsets.UTF_8);
  }

  private static StagePolicy read(String json) {
    var payload = io.temporal.api.common.v1.Payload.newBuilder()
        .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
        .setData(com.google.protobuf.ByteString.copyFromUtf8(json)).build();
    return CONVERTER.fromPayloads(0, Optional.of(io.temporal.api.common.v1.Payloads.newBuilder().addPayloads(payload)
        .build()), StagePolicy.class, StagePolicy.class);
  }
}
