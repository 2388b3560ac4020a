package dev.fleetroll.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * specs/rollout-plan.schema.json and the plan loader give every plan the same verdict: plans are
 * judged by both {@link PlanFile#parse} and a JSON Schema validator nobody here wrote (networknt,
 * draft 2020-12). The cases are the issue's examples, and every field of the schema set to every
 * kind of value in a pool. Only the magnitude of a duration is beyond a JSON Schema: the schema
 * states each duration's range in x-minimum and x-maximum, and the loader must enforce exactly those.
 */
class PlanSchemaAgreementTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path FILE = Path.of("plan.yaml");
  private static final String HEAD = "name: pin-x\noverride: x.override\n";
  private static final String MINIMAL = HEAD + "targets: [a.example.com]\n";

  private static final YAMLMapper YAML = new YAMLMapper();

  private final JsonNode schemaJson = read();
  private final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
      .getSchema(schemaJson);

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(REPO.resolve("specs/rollout-plan.schema.json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean loaderAccepts(String yaml) {
    try {
      PlanFile.parse(FILE, yaml);
      return true;
    } catch (InputException e) {
      return false;
    }
  }

  private boolean schemaAccepts(String yaml) {
    JsonNode document;
    try {
      document = YAML.readTree(yaml);
    } catch (IOException e) {
      return false; // YAML that has no JSON form (.nan) cannot satisfy a JSON Schema
    }
    return schema.validate(document).isEmpty();
  }

  @Test
  void theIssuesPlansAndOthersGetTheSameVerdictFromBoth() {
    Map<String, Boolean> plans = new LinkedHashMap<>();
    plans.put(MINIMAL, true);
    plans.put(HEAD + "targets: a.example.com\n", true);
    plans.put(HEAD + "targets: [hosts/linux.list, macs.list, t-linux64-ms-001, 10.0.0.1, \"[::1]\"]\n", true);
    plans.put(HEAD + "targets: 42\n", false);
    plans.put(HEAD + "targets: [\"42\"]\n", false);
    plans.put(HEAD + "targets: [\"a\\0b.example.com\"]\n", false);
    plans.put(HEAD + "targets: [root@a.example.com]\n", false);
    plans.put(HEAD + "targets: \"a.example.com, b.example.com\"\n", false);
    plans.put(HEAD + "targets: [300.1.1.1]\n", false);
    plans.put(HEAD + "targets: []\n", false);
    plans.put(MINIMAL + "exclude: []\n", false);
    plans.put(MINIMAL + "exclude: b.example.com\n", true);
    plans.put(MINIMAL + "stages: {canary: 2, batches: [5, \"50%\", 100%]}\n", true);
    plans.put(MINIMAL + "stages: {batches: [\"150%\"]}\n", false);
    plans.put(MINIMAL + "stages: {batches: [1001]}\n", false);
    plans.put(MINIMAL + "stages: {batches: 50%}\n", false);
    plans.put(MINIMAL + "stages: {canary: hosts/canary.list, batches: [[b.example.com, c], 50%, x.list]}\n", true);
    plans.put(MINIMAL + "stages: {canary: [a.example.com, b.example.com]}\n", true);
    plans.put(MINIMAL + "stages: {canary: a.example.com}\n", false);
    plans.put(MINIMAL + "stages: {canary: [a.example.com, x.list]}\n", false);
    plans.put(MINIMAL + "stages: {canary: [a.example.com, 7]}\n", false);
    plans.put(MINIMAL + "stages: {canary: [\"42\"]}\n", false);
    plans.put(MINIMAL + "stages: {canary: [root@a.example.com]}\n", false);
    plans.put(MINIMAL + "stages: {batches: [[]]}\n", false);
    plans.put(MINIMAL + "stages: {batches: [[a.example.com], hosts]}\n", false);
    plans.put(MINIMAL + "max_in_flight: \"4\"\n", false);
    plans.put(MINIMAL + "max_in_flight: 2.5\n", false);
    plans.put(MINIMAL + "max_in_flight: 4.0\n", true); // a whole number, as JSON Schema sees it
    plans.put(MINIMAL + "max_in_flight: \" \"\n", false);
    plans.put(MINIMAL + "timeouts: {command: 5M}\n", false);
    plans.put(MINIMAL + "gates: {soak: 0}\n", false);
    plans.put(MINIMAL + "gates: {soak: \"0\", window: PT90M}\n", true);
    plans.put(MINIMAL + "gates: {sshable_min_pct: 101}\n", false);
    plans.put(MINIMAL + "gates: {success_rate_min: .nan}\n", false);
    plans.put(MINIMAL + "gates: {max_failed_hosts: {infrastructure: -1}}\n", false);
    plans.put(MINIMAL + "capacity: {min_available_pct: 75, max_pending_per_worker: 0.5}\n", true);
    plans.put(MINIMAL + "capacity: {min_available_pct: 100}\n", false);
    plans.put(MINIMAL + "capacity: {min_available_pct: 75.5}\n", false);
    plans.put(MINIMAL + "capacity: {max_pending_per_worker: 10000.5}\n", false);
    plans.put(MINIMAL + "advance: Manual\n", false);
    plans.put(MINIMAL + "color: blue\n", false);
    plans.put(MINIMAL + "drain: {deadline: 1h, on_deadline: skip}\n", false);
    plans.put("name: pin-x\ntargets: [a.example.com]\n", false);
    plans.put(MINIMAL + "schedule: {windows: [{days: [mon, fri], from: \"09:00\", to: \"17:00\", zone: Europe/Berlin}]}\n", true);
    plans.put(MINIMAL + "schedule: {windows: [{days: sat, from: \"22:00\", to: \"06:00\"}, {from: \"00:00\", to: \"24:00\"}]}\n", true);
    plans.put(MINIMAL + "schedule: {windows: [{days: [monday], from: \"09:00\", to: \"17:00\"}]}\n", false);
    plans.put(MINIMAL + "schedule: {windows: [{days: [], from: \"09:00\", to: \"17:00\"}]}\n", false);
    plans.put(MINIMAL + "schedule: {windows: [{from: \"9:00\", to: \"17:00\"}]}\n", false);
    plans.put(MINIMAL + "schedule: {windows: [{from: \"24:00\", to: \"06:00\"}]}\n", false);
    plans.put(MINIMAL + "schedule: {windows: [{from: \"09:00\"}]}\n", false);
    plans.put(MINIMAL + "schedule: {freezes: [{from: \"2026-12-24T00:00Z\", to: \"2026-12-27T00:00:00+01:00\", reason: xmas}]}\n", true);
    plans.put(MINIMAL + "schedule: {freezes: [{from: \"2026-12-24\", to: \"2026-12-27T00:00Z\", reason: xmas}]}\n", false);
    plans.put(MINIMAL + "schedule: {freezes: [{from: \"2026-12-24T00:00Z\", to: \"2026-12-27T00:00Z\", reason: \" \"}]}\n", false);
    plans.put(MINIMAL + "schedule: {freezes: [{from: \"2026-12-24T00:00Z\", to: \"2026-12-27T00:00Z\"}]}\n", false);

    List<String> wrong = new ArrayList<>();
    plans.forEach((yaml, valid) -> {
      boolean loader = loaderAccepts(yaml);
      boolean schemaVerdict = schemaAccepts(yaml);
      if (loader != valid || schemaVerdict != valid) {
        wrong.add("expected " + (valid ? "valid" : "invalid") + ", loader says " + loader + ", schema says "
            + schemaVerdict + ":\n" + yaml);
      }
    });
    assertThat(wrong).isEmpty();
  }

  /** Values of every kind, as YAML flow text. */
  private static final List<String> VALUES = List.of("~", "true", "no", "0", "1", "-1", "2", "20", "21", "100", "101",
      "1000", "1001", "100000", "100001", "0.5", "1.5", "4.0", "-0.1", ".nan", ".inf", "\"\"", "\" \"", "text", "\"5\"",
      "\"50%\"", "\"0%\"", "\"100%\"", "\"150%\"", "\"050%\"", "manual", "auto", "Manual", "reboot", "run-puppet", "wait",
      "keep-waiting", "move-to-end", "fail", "30s", "5m", "1h30m", "PT30M", "P1D", "\"0\"", "5M", "PT-5M", "P", "1h 30m",
      "[]", "{}", "{x: 1}", "a.example.com", "A.Example.COM", "t-linux64-ms-001", "hosts/x.list", "x.list", "hosts",
      "root@a.example.com", "\"a.example.com, b.example.com\"", "300.1.1.1", "10.0.0.1", "\"[::1]\"", "\"42\"",
      "\" a.example.com\"", "pin-x", "Pin X", "x.override", "\"-bad-\"", "\"a\\u0000b\"", "\"a\\tb.list\"");

  @Test
  void everyFieldAgreesOnEveryKindOfValue() {
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, JsonNode> field : fields(schemaJson.path("properties"), "").entrySet()) {
      boolean duration = field.getValue().has("x-minimum");
      boolean list = isList(field.getValue());
      for (String value : VALUES) {
        List<String> forms = list ? List.of(value, "[" + value + "]", "[a.example.com, " + value + "]") : List.of(value);
        for (String form : forms) {
          if (duration && PlanFile.DURATION.matcher(unquoted(form)).matches()) {
            continue; // a duration's magnitude: see durationRangesInTheSchemaAreTheLoaders
          }
          String yaml = plan(field.getKey(), form);
          compared++;
          boolean loader = loaderAccepts(yaml);
          boolean schemaVerdict = schemaAccepts(yaml);
          if (loader != schemaVerdict) {
            disagreements.add(field.getKey() + ": " + form + " -> loader " + loader + ", schema " + schemaVerdict);
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(2000);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void durationRangesInTheSchemaAreTheLoaders() {
    Map<String, JsonNode> durations = new LinkedHashMap<>();
    fields(schemaJson.path("properties"), "").forEach((field, node) -> {
      if (node.path("$ref").asText().equals("#/$defs/duration")) {
        durations.put(field, node);
      }
    });
    assertThat(durations).hasSize(7).allSatisfy((field, node) -> assertThat(node.has("x-minimum")).as(field).isTrue());
    durations.forEach((field, node) -> {
      Duration min = DurationConverter.parse(node.get("x-minimum").asText());
      Duration max = DurationConverter.parse(node.get("x-maximum").asText());
      for (Duration ok : List.of(min, max)) {
        String yaml = plan(field, ok.toMillis() + "ms");
        assertThat(loaderAccepts(yaml)).as(yaml).isTrue();
        assertThat(schemaAccepts(yaml)).as(yaml).isTrue();
      }
      for (Duration outside : min.isZero() ? List.of(max.plusMillis(1)) : List.of(min.minusMillis(1), max.plusMillis(1))) {
        String yaml = plan(field, outside.toMillis() + "ms");
        assertThat(loaderAccepts(yaml)).as(yaml).isFalse();
      }
    });
  }

  /** Every leaf field of the schema's properties, by its path (gates.max_failed_hosts.change), with its schema. */
  private static Map<String, JsonNode> fields(JsonNode properties, String prefix) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    properties.fields().forEachRemaining(e -> {
      String path = prefix + e.getKey();
      out.put(path, e.getValue());
      if (e.getValue().has("properties")) {
        out.putAll(fields(e.getValue().get("properties"), path + "."));
      }
    });
    return out;
  }

  private boolean isList(JsonNode field) {
    String ref = field.path("$ref").asText();
    return field.path("type").asText().equals("array") || ref.equals("#/$defs/hosts");
  }

  private static String unquoted(String value) {
    return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  /** The minimal plan with {@code field} (a path) set to {@code value}. */
  private static String plan(String field, String value) {
    String[] path = field.split("\\.");
    String top = path[0];
    StringBuilder flow = new StringBuilder(value);
    for (int i = path.length - 1; i > 0; i--) {
      flow.insert(0, "{" + path[i] + ": ").append("}");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", "pin-x");
    fields.put("override", "x.override");
    fields.put("targets", "[a.example.com]");
    fields.put(top, flow.toString());
    StringBuilder yaml = new StringBuilder();
    fields.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    return yaml.toString();
  }
}
