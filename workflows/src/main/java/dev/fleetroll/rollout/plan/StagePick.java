package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one stage takes its hosts, as the plan writes it: by size (the canary: a number of hosts; a batch:
 * {@code 5} or {@code "50%"}), or hand-picked: a host-list file (until the CLI reads it into names) or a
 * list of host names. Exactly one of the four is set. It is written back as it was read ({@code 2},
 * {@code "50%"}, {@code ["h3", "h7"]}), so a plan of sizes only has the same JSON as before hand-picked
 * stages existed.
 *
 * @param count the canary's number of hosts
 * @param size a batch's size as text: {@code 5} or {@code 50%}
 * @param file a host-list file, relative to the plan (only before the CLI resolves it)
 * @param hosts hand-picked host names, in the order they start
 */
public record StagePick(Integer count, String size, String file, List<String> hosts) {

  public static StagePick count(int count) {
    return new StagePick(count, null, null, null);
  }

  public static StagePick size(String size) {
    return new StagePick(null, size, null, null);
  }

  public static StagePick file(String file) {
    return new StagePick(null, null, file, null);
  }

  public static StagePick hosts(List<String> hosts) {
    return new StagePick(null, null, null, List.copyOf(hosts));
  }

  /** Hand-picked hosts (names or a file), not a size. */
  public boolean picked() {
    return file != null || hosts != null;
  }

  @JsonValue
  Object json() {
    return count != null ? count : size != null ? size : file != null ? file : hosts;
  }

  @Override
  public String toString() {
    return String.valueOf(json());
  }

  private static final String FILE_OR_NAMES = "a host-list file (ends in .list or contains /) or a list of host names ([a, b])";

  /** The canary as written: a whole number of hosts, a host-list file, or a list of host names. */
  public static final class CanaryReader extends JsonDeserializer<StagePick> {
    @Override
    public StagePick deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (p.currentToken().isNumeric() && p.getDecimalValue().stripTrailingZeros().scale() <= 0) {
        try {
          return count(p.getDecimalValue().intValueExact());
        } catch (ArithmeticException e) {
          throw JsonMappingException.from(p, "number out of range");
        }
      }
      StagePick picked = picked(p);
      if (picked == null) {
        throw JsonMappingException.from(p, "the canary is a number of hosts (2), " + FILE_OR_NAMES);
      }
      return picked;
    }
  }

  /** A batch as written: a whole number ({@code 5}), text ({@code "50%"}), a host-list file or host names. */
  public static final class BatchReader extends JsonDeserializer<StagePick> {
    @Override
    public StagePick deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (p.currentToken().isNumeric() && p.getDecimalValue().stripTrailingZeros().scale() <= 0) {
        // a whole number as the number it is: YAML's 0x1F, 1_000 or 4.0
        return size(p.getDecimalValue().toBigInteger().toString());
      }
      StagePick picked = picked(p);
      if (picked != null) {
        return picked;
      }
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return size(p.getText());
      }
      throw JsonMappingException.from(p, "a batch is a whole number of hosts (5), a percentage (50%), " + FILE_OR_NAMES);
    }
  }

  /** A host-list file or a list of host names at the parser, or null for anything else. */
  private static StagePick picked(JsonParser p) throws IOException {
    if (p.hasToken(JsonToken.VALUE_STRING) && PlanValidator.isList(p.getText())) {
      return file(p.getText());
    }
    if (!p.isExpectedStartArrayToken()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw JsonMappingException.from(p, "hand-picked hosts are host names, e.g. [a, b]");
      }
      names.add(p.getText());
    }
    if (names.isEmpty()) {
      throw JsonMappingException.from(p, "an empty list of hosts (give host names, or a size)");
    }
    return hosts(names);
  }
}
