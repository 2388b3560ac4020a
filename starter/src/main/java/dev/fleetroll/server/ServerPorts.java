package dev.fleetroll.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The ports of a local Temporal dev server: gRPC (7233 by default) and the Web UI (the gRPC port plus
 * 1000, as the Temporal CLI does).
 */
public record ServerPorts(int grpc, int ui) {

  public static final int DEFAULT_GRPC = 7233;
  public static final String HOST = "127.0.0.1";

  public ServerPorts {
    check(grpc, "gRPC");
    check(ui, "Web UI");
    if (grpc == ui) {
      throw new IllegalArgumentException("the gRPC and Web UI ports must differ (both are " + grpc + ")");
    }
  }

  public static ServerPorts defaults() {
    return of(DEFAULT_GRPC, null);
  }

  /** A Web UI port of {@code null} means the gRPC port plus 1000. */
  public static ServerPorts of(int grpc, Integer ui) {
    return new ServerPorts(grpc, ui != null ? ui : grpc + 1000);
  }

  /** Two ports nobody listens on now: for tests and for servers that must not collide with anyone's. */
  public static ServerPorts free() {
    int grpc = freePort();
    int ui = freePort();
    while (ui == grpc) {
      ui = freePort();
    }
    return new ServerPorts(grpc, ui);
  }

  public String address() {
    return HOST + ":" + grpc;
  }

  public String webUi() {
    return "http://" + HOST + ":" + ui;
  }

  /** True when something already listens on the port (another server, or another data directory's). */
  public static boolean inUse(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  private static void check(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the " + what + " port must be between 1 and 65535, not " + port);
    }
  }
}
