package dev.fleetroll.cli.rollout;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.override.OverrideValidator;
import dev.fleetroll.rollout.plan.PlanValidator;
import dev.fleetroll.rollout.plan.RolloutPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rollout plan read from its YAML file (specs/rollout-plan.md): the plan with its defaults, the
 * validated override file, and the target hosts (host-list files resolved relative to the plan)
 * minus the exclusions. Anything wrong is an {@link InputException} naming the file and the field.
 *
 * @param targets the hosts to roll out to, in plan order, exclusions removed
 * @param excluded the hosts the plan excludes explicitly
 */
public record PlanFile(Path file, RolloutPlan plan, OverrideValidator.Validated override, List<String> targets,
    List<String> excluded) {

  private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // a count of 2.5 is a mistake, not 2
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(new SimpleModule("plan-durations").addDeserializer(Duration.class, new HumanDuration()))
      .build();

  public static PlanFile load(Path file) {
    String text;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file + ": plan file not found");
      }
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read the plan: " + e.getMessage(), e);
    }
    RolloutPlan raw = parse(file, text);
    List<String> problems = PlanValidator.problems(raw);
    if (!problems.isEmpty()) {
      throw new InputException(file + ": invalid plan (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
          + "): " + String.join("; ", problems));
    }
    RolloutPlan plan = raw.withDefaults();
    Path dir = file.toAbsolutePath().getParent();
    OverrideValidator.Validated override = OverrideValidator.readFile(relative(dir, plan.override()));
    List<String> targets = hosts(file, "targets", dir, plan.targets());
    List<String> excluded = plan.exclude().isEmpty() ? List.of() : hosts(file, "exclude", dir, plan.exclude());
    Set<String> targetKeys = targets.stream().map(PlanFile::key).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    for (String entry : plan.exclude()) {
      if (!isList(dir, entry) && !targetKeys.contains(key(entry))) {
        unknown.add(entry);
      }
    }
    if (!unknown.isEmpty()) {
      throw new InputException(file + ": exclude: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
          + " not among the targets (a typo?)");
    }
    Set<String> excludedKeys = excluded.stream().map(PlanFile::key).collect(Collectors.toSet());
    List<String> remaining = targets.stream().filter(h -> !excludedKeys.contains(key(h))).toList();
    if (remaining.isEmpty()) {
      throw new InputException(file + ": every target host is excluded; nothing to roll out");
    }
    List<String> excludedTargets = targets.stream().filter(h -> excludedKeys.contains(key(h))).toList();
    return new PlanFile(file, plan, override, remaining, excludedTargets);
  }

  /** Parses plan text; {@code file} names it in messages. */
  static RolloutPlan parse(Path file, String text) {
    try {
      RolloutPlan plan = YAML.readValue(text, RolloutPlan.class);
      if (plan == null) {
        throw new InputException(file + ": the plan is empty");
      }
      return plan;
    } catch (JacksonException e) {
      throw new InputException(file + describe(e, text), e);
    }
  }

  /** {@code :line:column: field: what is wrong}, without Jackson's class names. */
  private static String describe(JacksonException e, String text) {
    String where = e.getLocation() != null && e.getLocation().getLineNr() > 0
        ? ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr() : "";
    if (e instanceof UnrecognizedPropertyException u) {
      where = keyLine(text, u.getPropertyName()).map(line -> ":" + line).orElse(where);
    }
    if (!(e instanceof JsonMappingException m)) {
      return where + ": not valid YAML: " + e.getOriginalMessage();
    }
    String field = path(m);
    if (m instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
      String parent = field.contains(".") ? field.substring(0, field.lastIndexOf('.')) : "";
      return where + ": unknown field '" + u.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
          + " (known: " + known + ")";
    }
    String reason = m instanceof ValueInstantiationException && m.getCause() != null ? m.getCause().getMessage()
        : plainReason(m);
    return where + ": " + (field.isEmpty() ? "" : field + ": ") + reason;
  }

  private static String plainReason(JsonMappingException m) {
    if (m.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
      return cause.getMessage();
    }
    String message = m.getOriginalMessage();
    if (message.startsWith("Cannot deserialize value of type `java.lang.Integer`")
        || message.startsWith("Cannot coerce") && message.contains("Integer")) {
      return "expected a whole number";
    }
    if (message.startsWith("Cannot coerce") && message.contains("Double")) {
      return "expected a number, e.g. 0.9 or 90 (no quotes, no %)";
    }
    if (message.startsWith("Cannot construct instance of") && (message.contains("from Number value")
        || message.contains("from String value") || message.contains("from Boolean value"))) {
      return "expected a mapping of fields, not a single value";
    }
    if (message.contains("java.util.List") || message.contains("START_ARRAY") || message.contains("START_OBJECT")) {
      return "wrong kind of value (a list or a mapping where the other was expected)";
    }
    if (message.startsWith("Cannot") || message.startsWith("Unexpected")) {
      int detail = message.indexOf(" (");
      return detail > 0 ? message.substring(0, detail) : message;
    }
    return message;
  }

  /** The line (and column) where {@code key} is written as a mapping key: Jackson reports the token after it. */
  private static java.util.Optional<String> keyLine(String text, String key) {
    String[] lines = text.split("\n", -1);
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("^(\\s*(?:- )?)" + java.util.regex.Pattern.quote(key) + "\\s*:");
    for (int i = 0; i < lines.length; i++) {
      java.util.regex.Matcher m = pattern.matcher(lines[i]);
      if (m.find()) {
        return java.util.Optional.of((i + 1) + ":" + (m.group(1).length() + 1));
      }
    }
    return java.util.Optional.empty();
  }

  private static String path(JsonMappingException m) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static List<String> hosts(Path file, String field, Path dir, List<String> entries) {
    List<String> arguments = new ArrayList<>();
    for (String entry : entries) {
      arguments.add(isList(dir, entry) ? relative(dir, entry).toString() : entry.strip());
    }
    try {
      return new ArrayList<>(new LinkedHashSet<>(HostArguments.parse(arguments)));
    } catch (InputException e) {
      throw new InputException(file + ": " + field + ": " + e.getMessage(), e);
    }
  }

  /** As for host commands: a {@code .list} file, a path, or an existing file (relative to the plan). */
  private static boolean isList(Path dir, String entry) {
    String e = entry.strip();
    return e.endsWith(".list") || e.contains("/") || Files.isRegularFile(dir.resolve(e));
  }

  private static Path relative(Path dir, String path) {
    Path p = Path.of(path.strip());
    return p.isAbsolute() ? p : dir.resolve(p).normalize();
  }

  private static String key(String host) {
    return host.strip().toLowerCase(Locale.ROOT);
  }

  /** Plan durations: {@code 90s}, {@code 30m}, {@code 1h30m} or ISO {@code PT30M}. */
  private static final class HumanDuration extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext context) throws IOException {
      String text = p.getValueAsString();
      if (text == null) {
        throw JsonMappingException.from(p, "expected a duration such as 30s, 5m or 1h30m");
      }
      try {
        return DurationConverter.parse(text);
      } catch (RuntimeException e) {
        throw JsonMappingException.from(p, "'" + text + "' is not a duration (write e.g. 30s, 5m, 1h30m)");
      }
    }
  }

}
