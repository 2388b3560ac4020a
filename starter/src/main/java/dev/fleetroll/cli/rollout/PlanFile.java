package dev.fleetroll.cli.rollout;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.DurationConverter;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.override.OverrideValidator;
import dev.fleetroll.rollout.plan.PlanValidator;
import dev.fleetroll.rollout.plan.RolloutPlan;
import dev.fleetroll.rollout.plan.StagePick;
import dev.fleetroll.rollout.plan.StagePolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rollout plan read from its YAML file (specs/rollout-plan.md): the plan with its defaults, the
 * validated override file, and the target hosts (host-list files resolved relative to the plan),
 * canonical and each named once, minus the exclusions. Anything wrong is an {@link InputException}
 * naming the file, the line and the field.
 *
 * @param targets the hosts to roll out to, in plan order, exclusions removed
 * @param excluded the hosts the plan excludes explicitly
 * @param pickedFrom each hand-picked host (stages.canary or a batch given as a host list) with its list: the
 *     host-list file as the plan writes it, or the field that names it ({@code stages.batches[1]})
 */
public record PlanFile(Path file, RolloutPlan plan, OverrideValidator.Validated override, List<String> targets,
    List<String> excluded, Map<String, String> pickedFrom) {

  /** The durations the schema allows: {@code 30s}, {@code 1h30m}, {@code 0}, or ISO-8601 ({@code PT30M}). */
  static final Pattern DURATION = Pattern.compile(
      "0|([0-9]+(ms|s|m|h|d))+|P(?!$)([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?");

  private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // `targets: 42` or `name: yes` is not the text "42" or "true": YAML read a number or a boolean there.
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .addModule(new SimpleModule("plan-values").addDeserializer(Duration.class, new PlanDuration())
          .addDeserializer(Integer.class, new PlanNumber<>(Integer.class)).addDeserializer(Double.class,
              new PlanNumber<>(Double.class)))
      .build();

  public static PlanFile load(Path file) {
    Checked checked = check(file, read(file));
    RolloutPlan plan = checked.plan().withDefaults();
    PlanYaml yaml = checked.yaml();
    Path dir = file.toAbsolutePath().getParent();
    OverrideValidator.Validated override = OverrideValidator.readFile(relative(dir, plan.override()));
    String domain = HostName.fleetDomain(System.getenv());
    List<String> targets = hosts(file, yaml, "targets", dir, plan.targets(), domain);
    List<String> excluded = plan.exclude().isEmpty() ? List.of()
        : hosts(file, yaml, "exclude", dir, plan.exclude(), domain);
    Set<String> targetSet = new HashSet<>(targets);
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < plan.exclude().size(); i++) {
      String entry = plan.exclude().get(i);
      if (!PlanValidator.isList(entry) && !targetSet.contains(HostName.canonical(entry, domain))) {
        unknown.add(file + ":" + yaml.at("exclude[" + i + "]") + ": exclude: " + HostName.canonical(entry, domain)
            + " is not among the targets (a typo?)");
      }
    }
    if (!unknown.isEmpty()) {
      throw new InputException(String.join("; ", unknown));
    }
    Set<String> excludedSet = new HashSet<>(excluded);
    List<String> remaining = targets.stream().filter(h -> !excludedSet.contains(h)).toList();
    if (remaining.isEmpty()) {
      throw new InputException(file + ": every target host is excluded; nothing to roll out");
    }
    List<String> excludedTargets = targets.stream().filter(excludedSet::contains).toList();
    Map<String, String> pickedFrom = new LinkedHashMap<>();
    plan = plan.withStages(handPicked(file, yaml, dir, plan.stages(), targets, domain, pickedFrom));
    return new PlanFile(file, plan, override, remaining, excludedTargets, pickedFrom);
  }

  /**
   * The stages with their hand-picked host-list files read into canonical names (the workflow gets
   * names, never paths); {@code pickedFrom} gets each hand-picked host's list as the plan names it.
   * A host named in two stage lists, a listed host that is not a target, a list that cannot be read
   * and an invalid entry are input errors naming the file and line.
   */
  private static StagePolicy handPicked(Path file, PlanYaml yaml, Path dir, StagePolicy stages, List<String> targets,
      String domain, Map<String, String> pickedFrom) {
    List<StagePick> picks = new ArrayList<>();
    picks.add(stages.canary());
    picks.addAll(stages.batches());
    if (picks.stream().noneMatch(StagePick::picked)) {
      return stages;
    }
    HostArguments.Hosts hosts = new HostArguments.Hosts(domain); // one for all lists: a host is in one stage
    List<String> sources = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int k = 0; k < picks.size(); k++) {
      StagePick pick = picks.get(k);
      String field = k == 0 ? "stages.canary" : "stages.batches[" + (k - 1) + "]";
      if (pick.file() != null) {
        hosts.list(relative(dir, pick.file()), file + ":" + yaml.at(field) + ": " + field);
        sources.add(pick.file());
      } else if (pick.hosts() != null) {
        for (int i = 0; i < pick.hosts().size(); i++) {
          hosts.name(pick.hosts().get(i), file + ":" + yaml.at(field + "[" + i + "]"));
        }
        sources.add(field);
      } else {
        sources.add(null);
      }
      ends.add(hosts.count());
    }
    Map<String, String> placed = hosts.placed();
    Set<String> targetSet = new HashSet<>(targets);
    List<String> strangers = placed.entrySet().stream().filter(e -> !targetSet.contains(e.getKey()))
        .map(e -> e.getValue() + ": " + e.getKey() + " is not among the plan's targets").toList();
    if (!strangers.isEmpty()) {
      throw new InputException(String.join("; ", strangers));
    }
    List<String> names = List.copyOf(placed.keySet());
    List<StagePick> resolved = new ArrayList<>();
    for (int k = 0; k < picks.size(); k++) {
      List<String> mine = names.subList(k == 0 ? 0 : ends.get(k - 1), ends.get(k));
      if (picks.get(k).picked()) {
        String source = sources.get(k);
        mine.forEach(h -> pickedFrom.put(h, source));
      }
      resolved.add(picks.get(k).picked() ? StagePick.hosts(mine) : picks.get(k));
    }
    return new StagePolicy(resolved.getFirst(), List.copyOf(resolved.subList(1, resolved.size())));
  }

  private static String read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file + ": plan file not found");
      }
      return Files.readString(file);
    } catch (MalformedInputException e) {
      throw new InputException(file + ": the plan is not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read the plan: " + e.getMessage(), e);
    }
  }

  /** A plan's text that passed every check a JSON Schema can make, and where its fields are. */
  private record Checked(RolloutPlan plan, PlanYaml yaml) {}

  /**
   * Parses plan text and checks it as a document (everything but the files and hosts it names), as
   * specs/rollout-plan.schema.json does; {@code file} names it in messages.
   */
  static RolloutPlan parse(Path file, String text) {
    return check(file, text).plan();
  }

  private static Checked check(Path file, String text) {
    PlanYaml yaml = PlanYaml.read(file, text);
    RolloutPlan plan;
    try {
      plan = YAML.readValue(text, RolloutPlan.class);
    } catch (JacksonException e) {
      throw new InputException(file + describe(e, yaml)); // without the cause: Jackson's own words name Java classes
    }
    List<PlanValidator.Problem> problems = PlanValidator.problems(plan);
    if (!problems.isEmpty()) {
      throw new InputException(problems.stream().map(p -> located(file, yaml, p)).collect(Collectors.joining("; ")));
    }
    return new Checked(plan, yaml);
  }

  private static String located(Path file, PlanYaml yaml, PlanValidator.Problem problem) {
    PlanYaml.Position at = yaml.at(problem.field());
    return file + (at != null ? ":" + at : "") + ": " + problem;
  }

  /** {@code :line:column: field: what is wrong}, without Jackson's class names. */
  private static String describe(JacksonException e, PlanYaml yaml) {
    String where = e.getLocation() != null && e.getLocation().getLineNr() > 0
        ? ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr() : "";
    if (!(e instanceof JsonMappingException m)) {
      return where + ": not valid YAML: " + e.getOriginalMessage();
    }
    String field = path(m);
    PlanYaml.Position at = m instanceof UnrecognizedPropertyException ? yaml.keyAt(field) : yaml.at(field);
    where = at != null ? ":" + at : where;
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
    Class<?> target = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
    if (target == null) {
      return message;
    }
    if (target.isEnum()) {
      return "expected one of " + Arrays.stream(target.getEnumConstants()).map(c -> YAML.convertValue(c, String.class))
          .collect(Collectors.joining(", "));
    }
    if (target == String.class) {
      return "expected text, not a number or true/false (quote it if it is meant as text)";
    }
    if (Collection.class.isAssignableFrom(target)) {
      return "expected a list, e.g. [a, b]";
    }
    if (target == Integer.class || target == int.class) {
      return "expected a whole number";
    }
    if (target == Double.class || target == double.class) {
      return "expected a number, e.g. 0.9 or 90 (no quotes, no %)";
    }
    return "expected a mapping of fields, not a single value or a list";
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

  /** The canonical hosts of {@code entries}, each named once; problems name the plan's line or the list's. */
  private static List<String> hosts(Path file, PlanYaml yaml, String field, Path dir, List<String> entries,
      String domain) {
    HostArguments.Hosts hosts = new HostArguments.Hosts(domain);
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      String where = file + ":" + yaml.at(field + "[" + i + "]");
      if (PlanValidator.isList(entry)) {
        hosts.list(relative(dir, entry), where + ": " + field);
      } else {
        hosts.name(entry, where);
      }
    }
    return hosts.get();
  }

  private static Path relative(Path dir, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : dir.resolve(p).normalize();
  }

  /**
   * Counts and fractions, as numbers only (not {@code "4"}, not a blank string, which Jackson would
   * take as absent); a count must be whole: {@code 4.0} is 4, as JSON Schema sees it, and 2.5 a mistake.
   */
  private static final class PlanNumber<T extends Number> extends JsonDeserializer<T> {
    private final Class<T> type;

    PlanNumber(Class<T> type) {
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (!p.currentToken().isNumeric()) {
        throw MismatchedInputException.from(p, type, "not a number");
      }
      if (type == Double.class) {
        return type.cast(p.getDoubleValue());
      }
      BigDecimal value = p.getDecimalValue();
      if (value.stripTrailingZeros().scale() > 0) {
        throw MismatchedInputException.from(p, type, "not a whole number");
      }
      try {
        return type.cast(value.intValueExact());
      } catch (ArithmeticException e) {
        throw JsonMappingException.from(p, "number out of range");
      }
    }
  }

  /** Plan durations, as text only: {@code 90s}, {@code 30m}, {@code 1h30m} or ISO {@code PT30M}. */
  private static final class PlanDuration extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        throw JsonMappingException.from(p, "expected a duration such as 30s, 5m or 1h30m (a number needs its unit)");
      }
      String text = p.getText();
      try {
        if (DURATION.matcher(text).matches()) {
          return DurationConverter.parse(text);
        }
      } catch (RuntimeException e) {
        // too large for a Duration: reported below
      }
      throw JsonMappingException.from(p, "'" + HostName.printable(text) + "' is not a duration (write e.g. 30s, 5m,"
          + " 1h30m)");
    }
  }
}
