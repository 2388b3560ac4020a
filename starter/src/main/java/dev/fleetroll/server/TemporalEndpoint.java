package dev.fleetroll.server;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.temporal.TaskQueues;
import dev.fleetroll.temporal.WebUiLinks;
import dev.fleetroll.temporal.client.TemporalProfile;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI and the workers it starts find Temporal: {@code --address}, else FLEETROLL_TEMPORAL_ADDRESS,
 * else the Temporal client profile (TEMPORAL_ADDRESS, TEMPORAL_PROFILE and temporal.toml, as the
 * {@code temporal} CLI reads them), else the server that {@code server start} ran for this data directory,
 * else 127.0.0.1:7233.
 *
 * @param address host:port of the Temporal frontend
 * @param namespace FLEETROLL_TEMPORAL_NAMESPACE, else the profile's (TEMPORAL_NAMESPACE), else {@code default}
 * @param taskQueue FLEETROLL_TASK_QUEUE, else {@link TaskQueues#FLEETROLL}: where workflows are started and workers poll
 * @param webUi the Web UI's base URL (FLEETROLL_TEMPORAL_UI, else the local server's); empty when unknown
 * @param profile TLS, mTLS or API key of the connection (TEMPORAL_TLS_*, TEMPORAL_API_KEY, the profile)
 */
public record TemporalEndpoint(String address, String namespace, String taskQueue, Optional<String> webUi,
    TemporalProfile profile) {

  public static final String DEFAULT_NAMESPACE = "default";

  public static TemporalEndpoint resolve(Map<String, String> env, FleetrollHome home) {
    return resolve(env, home, null);
  }

  /** @param address an address given on the command line, which wins over everything else */
  public static TemporalEndpoint resolve(Map<String, String> env, FleetrollHome home, String address) {
    return resolve(env, home, address, TemporalProfile.load(env));
  }

  /** The endpoint of the local server of a data directory, whatever the environment says. */
  public static TemporalEndpoint local(Map<String, String> env, FleetrollHome home, ServerPorts ports) {
    TemporalEndpoint resolved = resolve(env, home, ports.address(), TemporalProfile.local(env));
    return new TemporalEndpoint(ports.address(), resolved.namespace(), resolved.taskQueue(), Optional.of(ports.webUi()),
        resolved.profile());
  }

  private static TemporalEndpoint resolve(Map<String, String> env, FleetrollHome home, String address,
      TemporalProfile profile) {
    Optional<ServerPorts> local = ServerState.load(home);
    String resolved = firstNonBlank(address, env.get("FLEETROLL_TEMPORAL_ADDRESS"), profile.address().orElse(null),
        local.map(ServerPorts::address).orElse(null), ServerPorts.defaults().address());
    String namespace = firstNonBlank(env.get("FLEETROLL_TEMPORAL_NAMESPACE"), profile.namespace().orElse(null),
        DEFAULT_NAMESPACE);
    String taskQueue = firstNonBlank(env.get("FLEETROLL_TASK_QUEUE"), TaskQueues.FLEETROLL);
    Optional<String> webUi = Optional.ofNullable(env.get("FLEETROLL_TEMPORAL_UI")).filter(s -> !s.isBlank())
        .or(() -> local.or(() -> Optional.of(ServerPorts.defaults()))
            .filter(ports -> sameAddress(ports.address(), resolved))
            .map(ServerPorts::webUi));
    return new TemporalEndpoint(resolved, namespace, taskQueue, webUi.map(url -> url.replaceAll("/+$", "")), profile);
  }

  /** Service stub options for this endpoint: its address with the profile's TLS, mTLS or API key. */
  public WorkflowServiceStubsOptions.Builder stubsOptions() {
    return profile.stubs(address);
  }

  /** The Web UI page of a workflow, if the Web UI is known. */
  public Optional<String> workflowUrl(String workflowId) {
    return webUi.map(ui -> WebUiLinks.workflow(ui, namespace, workflowId));
  }

  private static boolean sameAddress(String a, String b) {
    return a.replace("localhost", ServerPorts.HOST).equals(b.replace("localhost", ServerPorts.HOST));
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    throw new IllegalArgumentException("no value");
  }
}
