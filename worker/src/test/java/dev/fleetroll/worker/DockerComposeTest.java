package dev.fleetroll.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetroll.temporal.TaskQueues;
import dev.fleetroll.temporal.client.TemporalProfile;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine; CI's compose job runs it), so this keeps it in step
 * with what runs here: the Temporal server and UI versions of deploy/cluster and of the dev server (the
 * Temporal CLI's go.mod), the environment names deploy/cluster's templates and the worker's application.yml
 * read, the search attributes (registered by {@code fleetroll namespace setup} everywhere, never by a list of
 * its own), and the rules of a production stack: ports on 127.0.0.1, healthchecks, restart policies, a
 * read-only UI, secrets out of the file.
 */
class DockerComposeTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
  private static final Set<String> ONE_SHOT = Set.of("temporal-schema", "temporal-namespace", "fleetroll-namespace");

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
  void hasTheServicesOfDeployClusterWithASchemaJobInsteadOfAutoSetup() {
    assertThat(names(services)).containsExactlyInAnyOrder("postgresql", "temporal-schema", "temporal",
        "temporal-namespace", "fleetroll-namespace", "temporal-ui", "worker");
    assertThat(image("temporal")).startsWith("temporalio/server:");
    assertThat(services.toString()).doesNotContain("auto-setup");
    assertThat(image("temporal-schema")).startsWith("temporalio/admin-tools:");
    assertThat(image("temporal-namespace")).isEqualTo(image("temporal-schema"));
    assertThat(image("temporal-ui")).startsWith("temporalio/ui:");
    assertThat(image("postgresql")).startsWith("postgres:");
  }

  @Test
  void theServerAndUiAreTheVersionsDeployClusterBuildsAndTheDevServerEmbeds() throws IOException {
    String build = Files.readString(repository.resolve("tools/temporal-cli/build-server.sh"));
    String goMod = Files.readString(repository.resolve("tools/temporal-cli/go.mod"));
    String server = group(build, "(?m)^server_version=(\\S+)");
    String ui = group(build, "(?m)^ui_version=(\\S+)");

    assertThat(group(goMod, "go\\.temporal\\.io/server v(\\S+)")).as("the dev server's").isEqualTo(server);
    assertThat(group(goMod, "github\\.com/temporalio/ui-server/v2 v(\\S+)")).as("the dev server's UI").isEqualTo(ui);
    assertThat(image("temporal")).isEqualTo("temporalio/server:" + server);
    assertThat(image("temporal-schema")).isEqualTo("temporalio/admin-tools:" + server);
    assertThat(image("temporal-ui")).isEqualTo("temporalio/ui:" + ui);
  }

  @Test
  void theServerReadsTheVariablesOfDeployClusterAndUsesThePostgresqlService() throws IOException {
    Map<String, String> cluster = template("server");
    Map<String, String> temporal = environment("temporal");

    assertThat(cluster.keySet()).containsAll(temporal.keySet());
    for (String name : List.of("DB", "POSTGRES_USER")) {
      assertThat(temporal.get(name)).as(name).isEqualTo(cluster.get(name));
    }
    assertThat(temporal).containsKeys("POSTGRES_SEEDS", "DB_PORT", "POSTGRES_PWD", "DYNAMIC_CONFIG_FILE_PATH");
    assertThat(temporal.get("POSTGRES_SEEDS")).isEqualTo("postgresql");
    assertThat(environment("temporal-schema")).containsAllEntriesOf(Map.of("POSTGRES_SEEDS", "postgresql",
        "POSTGRES_USER", temporal.get("POSTGRES_USER"), "POSTGRES_PWD", temporal.get("POSTGRES_PWD"),
        "DB_PORT", temporal.get("DB_PORT")));
    assertThat(environment("postgresql").get("POSTGRES_PASSWORD")).isEqualTo(temporal.get("POSTGRES_PWD"))
        .startsWith("${POSTGRES_PASSWORD:?");
    assertThat(mounts("temporal")).anyMatch(m -> m.startsWith("./deploy/cluster/dynamicconfig.yaml:")
        && m.contains(":" + temporal.get("DYNAMIC_CONFIG_FILE_PATH") + ":ro"));
  }

  @Test
  void schemaAndNamespaceJobsRunTheScriptsDeployClusterRuns() throws IOException {
    String up = Files.readString(repository.resolve("deploy/cluster/up"));

    for (String[] job : List.of(new String[] {"temporal-schema", "setup-schema"},
        new String[] {"temporal-namespace", "create-namespace"})) {
      assertThat(mounts(job[0])).contains("./deploy/cluster/" + job[1] + ":/fleetroll/" + job[1] + ":ro");
      assertThat(services.get(job[0]).get("entrypoint").toString()).contains("/fleetroll/" + job[1]);
      assertThat(up).contains("$cluster_scripts/" + job[1]);
    }
  }

  @Test
  void searchAttributesAreRegisteredByFleetrollNamespaceSetupNotByAListOfTheirOwn() throws IOException {
    JsonNode setup = services.get("fleetroll-namespace");

    assertThat(setup.get("command").toString()).isEqualTo("[\"namespace\",\"setup\"]");
    assertThat(setup.get("entrypoint").toString()).contains("/opt/fleetroll/bin/fleetroll");
    assertThat(services.get("worker").get("depends_on").get("fleetroll-namespace").get("condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(services.toString()).as("no search attribute named in the file").doesNotContain("Fleetroll");
    assertThat(Files.readString(repository.resolve("deploy/cluster/up"))).contains("namespace setup")
        .doesNotContain("FleetrollKind");
  }

  @Test
  void theUiIsTheOneDeployClusterRunsWithWriteActionsOff() throws IOException {
    Map<String, String> cluster = template("ui");
    Map<String, String> ui = environment("temporal-ui");

    assertThat(cluster.keySet()).containsAll(ui.keySet());
    assertThat(ui).containsEntry("TEMPORAL_DISABLE_WRITE_ACTIONS", "true").containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
    assertThat(cluster).containsEntry("TEMPORAL_DISABLE_WRITE_ACTIONS", "true");
    assertThat(ports("temporal-ui")).containsExactly("127.0.0.1:8080:" + ui.get("TEMPORAL_UI_PORT"));
  }

  @Test
  void workerEnvironmentUsesOnlyNamesTheWorkerReads() throws IOException {
    Map<String, String> worker = environment("worker");
    List<String> temporalProfile = TemporalProfile.VARIABLES;

    for (String name : worker.keySet()) {
      assertThat(applicationYmlVariables.containsKey(name) || temporalProfile.contains(name))
          .as(name + " is read by application.yml or the Temporal client profile").isTrue();
    }
    assertThat(worker).containsEntry("TEMPORAL_ADDRESS", "temporal:7233").containsKeys("FLEETROLL_HOME",
        "FLEETROLL_SSH_CONFIG").doesNotContainKey("FLEETROLL_TEMPORAL_ADDRESS");
    assertThat(worker.get("TEMPORAL_NAMESPACE")).isEqualTo(environment("temporal-namespace").get("NAMESPACE"))
        .isEqualTo(environment("fleetroll-namespace").get("TEMPORAL_NAMESPACE"));
    assertThat(worker.get("FLEETROLL_TASK_QUEUE")).isEqualTo(TaskQueues.FLEETROLL)
        .isEqualTo(applicationYmlVariables.get("FLEETROLL_TASK_QUEUE"));
    assertThat(ports("worker")).containsExactly("127.0.0.1:8081:" + worker.get("FLEETROLL_WORKER_PORT"));
  }

  @Test
  void theWorkerGetsSshFilesReadOnlyAndTaskclusterCredentialsFromAnEnvFileNeverFromThisFile() {
    JsonNode worker = services.get("worker");
    Map<String, String> env = environment("worker");
    Map<String, JsonNode> binds = new LinkedHashMap<>();
    worker.get("volumes").forEach(v -> {
      if (v.isObject()) {
        binds.put(v.get("target").asText(), v);
      }
    });

    assertThat(binds.keySet()).containsExactlyInAnyOrder(env.get("FLEETROLL_SSH_CONFIG"),
        "/etc/fleetroll/ssh/known_hosts", "/etc/fleetroll/ssh/id_ed25519");
    binds.values().forEach(b -> assertThat(b.get("read_only").asBoolean()).as(b.toString()).isTrue());
    assertThat(worker.get("env_file").get(0).get("path").asText()).contains("taskcluster.env");
    assertThat(services.toString()).doesNotContain("TASKCLUSTER_ACCESS_TOKEN").doesNotContain("TASKCLUSTER_CLIENT_ID");
    assertThat(applicationYmlVariables).containsKeys("TASKCLUSTER_ROOT_URL", "TASKCLUSTER_CLIENT_ID",
        "TASKCLUSTER_ACCESS_TOKEN", "TASKCLUSTER_CERTIFICATE");
  }

  @Test
  void everyPortIsOn127001EveryServiceHasARestartPolicyAndTheLongRunningOnesAHealthcheck() {
    services.propertyStream().forEach(entry -> {
      String name = entry.getKey();
      JsonNode service = entry.getValue();
      ports(name).forEach(p -> assertThat(p).as(name + " port").startsWith("127.0.0.1:"));
      String restart = service.path("restart").asText();
      if (ONE_SHOT.contains(name)) {
        assertThat(restart).as(name).startsWith("on-failure");
      } else {
        assertThat(restart).as(name).isEqualTo("unless-stopped");
        assertThat(service.has("healthcheck")).as(name + " healthcheck").isTrue();
      }
    });
  }

  @Test
  void theImageHasTheWorkerAndTheCli() throws IOException {
    JsonNode build = services.get("fleetroll-namespace").get("build");
    String dockerfile = Files.readString(repository.resolve(build.get("context").asText())
        .resolve(build.get("dockerfile").asText()));

    assertThat(image("worker")).isEqualTo(image("fleetroll-namespace"));
    assertThat(services.get("worker").get("build")).isEqualTo(build);
    assertThat(dockerfile).contains("-pl worker,starter -am package")
        .contains("\"-jar\", \"/opt/fleetroll/fleetroll-worker.jar\"").contains("/opt/fleetroll/bin/fleetroll")
        .contains("FLEETROLL_WORKER_PORT=" + environment("worker").get("FLEETROLL_WORKER_PORT"));
    assertThat(Files.readString(repository.resolve(".dockerignore"))).contains("deploy/compose/");
  }

  /** KEY=VALUE lines of a deploy/cluster environment template. */
  private static Map<String, String> template(String name) throws IOException {
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : Files.readAllLines(repository.resolve("deploy/cluster/" + name + ".env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        result.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return result;
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  private static String image(String service) {
    return services.get(service).get("image").asText();
  }

  private static Map<String, String> environment(String service) {
    JsonNode env = services.get(service).get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    env.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }

  private static List<String> mounts(String service) {
    JsonNode volumes = services.get(service).get("volumes");
    return volumes == null ? List.of() : volumes.valueStream().filter(JsonNode::isTextual).map(JsonNode::asText).toList();
  }

  private static List<String> ports(String service) {
    JsonNode ports = services.get(service).get("ports");
    return ports == null ? List.of() : ports.valueStream().map(JsonNode::asText).toList();
  }

  private static List<String> names(JsonNode node) {
    return node.propertyStream().map(Map.Entry::getKey).toList();
  }
}
