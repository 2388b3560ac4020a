package dev.fleetroll.e2e;

import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.WorkerLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What a run of the {@code fleetroll} command printed and how it exited. */
public record CliRun(int exitCode, String out, String err) {

  /**
   * Runs {@code fleetroll <args>} as its own process, as the launcher would (same main class, this test
   * classpath), with {@code home} as its data directory, FLEETROLL_TEMPORAL_ADDRESS and the Temporal profile
   * variables unset, and {@code environment} over that; a variable whose value in {@code environment} is null
   * is removed.
   */
  public static CliRun run(FleetrollHome home, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(command());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null")));
    builder.environment().remove("FLEETROLL_TEMPORAL_ADDRESS");
    // Only the Temporal a test gives: never one the machine's environment or profile points at.
    builder.environment().keySet().removeIf(name -> name.startsWith("TEMPORAL_"));
    builder.environment().put("TEMPORAL_CONFIG_FILE", home.root().resolve("no-temporal.toml").toString());
    builder.environment().put("FLEETROLL_HOME", home.root().toString());
    environment.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    try {
      Process process = builder.start();
      // Its own thread, not the common pool: on 2 cores that pool has one thread, and this read holds it
      // for the whole command.
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()),
          task -> Thread.ofVirtual().start(task));
      String out = read(process.getInputStream());
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("fleetroll " + String.join(" ", args) + " did not finish within 5 minutes");
      }
      return new CliRun(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code fleetroll} as the launcher runs it: the CLI's main class, on this test's classpath. */
  static List<String> command() {
    return List.of(WorkerLaunch.java(Map.of()).toString(), "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.fleetroll.cli.Fleetroll");
  }

  private static String read(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
