package dev.fleetroll.server;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.temporal.client.TemporalProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run a worker JVM: from the built jar ({@code ./fleetroll server start}, {@code ./fleetroll worker})
 * or from a classpath (tests run the worker's classes from their own classpath).
 */
public record WorkerLaunch(List<String> command) {

  public static final String MAIN_CLASS = "dev.fleetroll.worker.WorkerApplication";

  /**
   * A long-running service with a small heap: the serial collector and a small initial heap keep it near
   * 180 MiB resident instead of 240 (bench/worker-startup.sh measures it); the other flags silence JDK 25's
   * warnings about gRPC's Netty (Unsafe, native access).
   */
  public static final List<String> JVM_OPTIONS = List.of(
      "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
      "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");

  public static WorkerLaunch jar(Path java, Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the worker is not built (" + jar + " is missing); run './fleetroll build'");
    }
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-jar", jar.toString()));
    return new WorkerLaunch(List.copyOf(command));
  }

  public static WorkerLaunch classpath(Path java, String classpath) {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, MAIN_CLASS));
    return new WorkerLaunch(List.copyOf(command));
  }

  /** The built worker of this checkout, run by FLEETROLL_JAVA (set by the launcher) or this JVM's java. */
  public static WorkerLaunch builtWorker(Repository repository, Map<String, String> env) {
    return jar(java(env), repository.workerJar());
  }

  public static Path java(Map<String, String> env) {
    String configured = env.get("FLEETROLL_JAVA");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return ProcessHandle.current().info().command().map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  /**
   * What a worker of the local dev server reads (application.yml): where Temporal is, which data directory is
   * ours, and no TLS or API key from the Temporal profile of the environment ({@link TemporalProfile#LOCAL}).
   */
  public static Map<String, String> environment(TemporalEndpoint endpoint, FleetrollHome home) {
    Map<String, String> env = new HashMap<>(TemporalProfile.LOCAL);
    env.putAll(Map.of(
        "FLEETROLL_TEMPORAL_ADDRESS", endpoint.address(),
        "FLEETROLL_TEMPORAL_NAMESPACE", endpoint.namespace(),
        "FLEETROLL_TASK_QUEUE", endpoint.taskQueue(),
        "FLEETROLL_HOME", home.root().toString()));
    // The web view on the worker's HTTP server links rollouts to their Web UI pages.
    endpoint.webUi().ifPresent(ui -> env.put("FLEETROLL_TEMPORAL_UI", ui));
    return Map.copyOf(env);
  }
}
