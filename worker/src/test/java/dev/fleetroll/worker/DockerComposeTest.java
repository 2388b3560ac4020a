package dev.fleetroll.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetroll.temporal.SearchAttributes;
import dev.fleetroll.temporal.TaskQueues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it consistent with the code: the
 * services and their wiring, the worker's environment against what application.yml reads, the search
 * attributes against {@link SearchAttributes#ALL}, the task queue against {@link TaskQueues}.
 */
class DockerComposeTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

  private static Path repository;
  private static JsonNode services;
  private static Map<String, String> applicationYmlVariables;

  @BeforeAll
  static void read() throws IOException {
    repository = Path.of("").toAbsolutePath();
    while (!Files.exists(repository.resolve("docker-compose.yml"))) {
      repository = repository.getParent();
    }
    services = YAML.readTree(repository.resolve("docker-compose.yml").toFile()).get("services");
    try (InputStream in = DockerComposeTest.class.getResourceAsStream("/application.yml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      applicationYmlVariables = new LinkedHashMap<>();
      Matcher m = PLACEHOLDER.matcher(text);
      while (m.find()) {
        applicationYmlVariables.put(m.group(1), m.group(2));
      }
    }
  }

  @Test
  void hasTheServicesOfAProductionLikeStack() {
    assertThat(names(services)).containsExactlyInAnyOrder(
        "postgresql", "temporal", "temporal-search-attributes", "temporal-ui", "worker");
    assertThat(services.get("postgresql").get("image").asText()).startsWith("postgres:");
    assertThat(services.get("temporal").get("image").asText()).startsWith("temporalio/auto-setup:");
    assertThat(services.get("temporal-ui").get("image").asText()).startsWith("temporalio/ui:");
    assertThat(services.get("temporal-search-attributes").get("image").asText()).startsWith("temporalio/admin-tools:");
  }

  @Test
  void temporalUsesThePostgresqlServiceWithItsCredentials() {
    Map<String, String> temporal = environment("temporal");
    Map<String, String> postgresql = environment("postgresql");

    assertThat(temporal).containsEntry("DB", "postgres12").containsEntry("DB_PORT", "5432");
    assertThat(services.has(temporal.get("POSTGRES_SEEDS"))).isTrue();
    assertThat(temporal.get("POSTGRES_SEEDS")).isEqualTo("postgresql");
    assertThat(temporal.get("POSTGRES_USER")).isEqualTo(postgresql.get("POSTGRES_USER"));
    assertThat(temporal.get("POSTGRES_PWD")).isEqualTo(postgresql.get("POSTGRES_PASSWORD"));
    assertThat(ports("temporal")).contains("7233:7233");
  }

  @Test
  void theUiAndTheAdminToolsTalkToTheTemporalService() {
    assertThat(environment("temporal-ui")).containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
    assertThat(ports("temporal-ui")).contains("8080:8080");
    assertThat(environment("temporal-search-attributes")).containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
  }

  @Test
  void registersExactlyOurSearchAttributes() {
    String script = services.get("temporal-search-attributes").get("command").toString();
    Set<String> registered = Pattern.compile("Fleetroll\\w+=\\w+").matcher(script).results()
        .map(r -> r.group()).collect(Collectors.toSet());

    assertThat(registered).containsExactlyInAnyOrderElementsOf(
        SearchAttributes.ALL.stream().map(k -> k.getName() + "=" + SearchAttributes.typeName(k.getValueType())).toList());
  }

  @Test
  void workerEnvironmentUsesOnlyNamesApplicationYmlReads() {
    Map<String, String> worker = environment("worker");

    assertThat(applicationYmlVariables.keySet()).containsAll(worker.keySet());
    assertThat(worker).containsKeys("FLEETROLL_TEMPORAL_ADDRESS", "FLEETROLL_TEMPORAL_NAMESPACE",
        "FLEETROLL_TASK_QUEUE", "FLEETROLL_HOME", "FLEETROLL_SSH_CONFIG", "TASKCLUSTER_ROOT_URL",
        "TASKCLUSTER_CLIENT_ID", "TASKCLUSTER_ACCESS_TOKEN", "TASKCLUSTER_CERTIFICATE");
  }

  @Test
  void workerPollsOurTaskQueueOnTheTemporalService() {
    Map<String, String> worker = environment("worker");
    String[] address = worker.get("FLEETROLL_TEMPORAL_ADDRESS").split(":");

    assertThat(services.has(address[0])).as("a service named " + address[0]).isTrue();
    assertThat(ports(address[0])).anyMatch(mapping -> mapping.endsWith(":" + address[1]));
    assertThat(worker.get("FLEETROLL_TASK_QUEUE")).isEqualTo(TaskQueues.FLEETROLL);
    assertThat(applicationYmlVariables.get("FLEETROLL_TASK_QUEUE")).as("application.yml's default")
        .isEqualTo(TaskQueues.FLEETROLL);
    assertThat(worker.get("FLEETROLL_TEMPORAL_NAMESPACE"))
        .isEqualTo(environment("temporal-search-attributes").get("NAMESPACE"));
    assertThat(ports("worker")).contains(worker.get("FLEETROLL_WORKER_PORT") + ":" + worker.get("FLEETROLL_WORKER_PORT"));
    assertThat(services.get("worker").get("depends_on").get("temporal-search-attributes").get("condition").asText())
        .isEqualTo("service_completed_successfully");
  }

  @Test
  void secretsComeFromTheOperatorsEnvironmentNotFromTheFile() {
    Map<String, String> worker = environment("worker");

    for (String secret : List.of("TASKCLUSTER_ACCESS_TOKEN", "TASKCLUSTER_CERTIFICATE", "TASKCLUSTER_CLIENT_ID")) {
      assertThat(worker.get(secret)).isEqualTo("${" + secret + ":-}");
    }
  }

  @Test
  void theWorkerImageIsBuiltFromTheRepository() throws IOException {
    JsonNode build = services.get("worker").get("build");
    Path dockerfile = repository.resolve(build.get("context").asText()).resolve(build.get("dockerfile").asText());

    String text = Files.readString(dockerfile);
    assertThat(text).contains("-pl worker -am package").contains("-jar\", \"/opt/fleetroll/fleetroll-worker.jar\"");
    assertThat(text).contains("FLEETROLL_WORKER_PORT=" + environment("worker").get("FLEETROLL_WORKER_PORT"));
  }

  private static Map<String, String> environment(String service) {
    JsonNode env = services.get(service).get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env.isArray()) {
      env.forEach(entry -> {
        String[] kv = entry.asText().split("=", 2);
        result.put(kv[0], kv.length > 1 ? kv[1] : "");
      });
    } else {
      env.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    return result;
  }

  private static List<String> ports(String service) {
    JsonNode ports = services.get(service).get("ports");
    return ports == null ? List.of() : ports.valueStream().map(JsonNode::asText).toList();
  }

  private static List<String> names(JsonNode node) {
    return node.propertyStream().map(Map.Entry::getKey).toList();
  }
}
