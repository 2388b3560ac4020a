package dev.fleetroll.worker;

import dev.fleetroll.home.FleetrollHome;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerShutdownEvent;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells `fleetroll server status` where this worker's HTTP endpoints are: the port is random by default
 * (two data directories never collide), so the worker writes {@code run/worker-<pid>.http} in the data
 * directory and removes it when it stops.
 */
@Singleton
final class WorkerEndpointFile {

  private static final Logger log = LoggerFactory.getLogger(WorkerEndpointFile.class);

  private final Path file;

  WorkerEndpointFile(FleetrollHome home) {
    this.file = home.run().resolve("worker-" + ProcessHandle.current().pid() + ".http");
  }

  @EventListener
  void onServerStartup(ServerStartupEvent event) {
    String url = "http://" + event.getSource().getHost() + ":" + event.getSource().getPort();
    try {
      Files.writeString(file, url + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    log.info("Health: {}/health  Metrics: {}/prometheus", url, url);
  }

  @EventListener
  void onServerShutdown(ServerShutdownEvent event) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", file, e.getMessage());
    }
  }
}
