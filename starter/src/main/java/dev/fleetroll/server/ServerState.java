package dev.fleetroll.server;

import dev.fleetroll.home.FleetrollHome;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code server start} chose, remembered in {@code run/server.properties} of the data directory:
 * later commands (ping, rollout, worker) find the server there, and the next start reuses the ports.
 */
public final class ServerState {

  private ServerState() {}

  public static Path file(FleetrollHome home) {
    return home.run().resolve("server.properties");
  }

  public static void save(FleetrollHome home, ServerPorts ports) {
    Properties properties = new Properties();
    properties.setProperty("address", ports.address());
    properties.setProperty("web-ui", ports.webUi());
    properties.setProperty("port", Integer.toString(ports.grpc()));
    properties.setProperty("ui-port", Integer.toString(ports.ui()));
    Path file = file(home);
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, "Written by 'fleetroll server start'; read by the other fleetroll commands");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static Optional<ServerPorts> load(FleetrollHome home) {
    Path file = file(home);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
      return Optional.of(new ServerPorts(
          Integer.parseInt(properties.getProperty("port")), Integer.parseInt(properties.getProperty("ui-port"))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); remove it and start the server again");
    }
  }
}
