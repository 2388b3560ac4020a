package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.List;

/**
 * The stages of a rollout: a canary of {@code canary} hosts, then batches. Each entry of {@code
 * batches} is a {@link BatchSize}; the last one repeats until every host is in a stage.
 */
public record StagePolicy(Integer canary, @JsonDeserialize(contentUsing = BatchText.class) List<String> batches) {

  public static final StagePolicy DEFAULT = new StagePolicy(1, List.of("10%", "25%", "100%"));

  public StagePolicy withDefaults() {
    return new StagePolicy(canary != null ? canary : DEFAULT.canary,
        batches != null ? List.copyOf(batches) : DEFAULT.batches);
  }

  public List<BatchSize> batchSizes() {
    return batches.stream().map(BatchSize::parse).toList();
  }

  /** A batch as written: a whole number ({@code 5}) or text ({@code "50%"}); nothing else becomes text. */
  public static final class BatchText extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return p.getText();
      }
      if (p.currentToken().isNumeric() && p.getDecimalValue().stripTrailingZeros().scale() <= 0) {
        // a whole number as the number it is: YAML's 0x1F, 1_000 or 4.0
        return p.getDecimalValue().toBigInteger().toString();
      }
      throw JsonMappingException.from(p, "a batch is a whole number of hosts (5) or a percentage (50%)");
    }
  }
}
