package dev.fleetroll.cli.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * What the rollout commands print with {@code --json}: ISO times and durations, indented. A class of its own
 * so that only a command printing JSON builds the mapper (picocli creates every command object at start).
 */
final class JsonOutput {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {}

  static String write(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value);
  }
}
