package dev.fleetroll.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fleetroll.json.Json;
import java.time.Instant;
import java.util.Map;

/** One gathering of a source ({@code hosts}, {@code taskcluster}, {@code github}) and its outcome counts. */
public record GatherRun(String source, Instant started, Instant finished, Map<String, Integer> counts) {

  static Map<String, Integer> counts(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<Map<String, Integer>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable gather run: " + e.getOriginalMessage(), e);
    }
  }
}
