package dev.fleetroll.sim.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What answers on a host's SSH address while a network fault is on (sshd then listens on the host's
 * back address). The kernel has no netem here, so a bad network is simulated in user space:
 * <ul>
 *   <li>silent: a listening socket whose accept queue is kept full, so the kernel drops every SYN and
 *       clients time out exactly as with a host that does not answer;
 *   <li>slow: a relay to sshd that delivers every chunk {@code delay} late in each direction (latency,
 *       not a bandwidth cap: chunks in flight overlap).
 * </ul>
 * A refused host needs no front at all: nothing listens.
 */
final class SshFront implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private SshFront(ServerSocket server) {
    this.server = server;
  }

  static SshFront silent(String address) throws IOException {
    SshFront front = new SshFront(bind(address, 1));
    // Fill the accept queue with our own connections; from then on the kernel drops new SYNs.
    for (int i = 0; i < 4; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(new InetSocketAddress(address, 22), 200);
        front.sockets.add(filler);
      } catch (IOException e) {
        filler.close();
        break; // the queue is full
      }
    }
    return front;
  }

  static SshFront slow(String address, String back, Duration delay) throws IOException {
    SshFront front = new SshFront(bind(address, 128));
    Thread.ofVirtual().name("sim-slow-ssh-" + address).start(() -> front.relay(back, delay.toMillis()));
    return front;
  }

  private static ServerSocket bind(String address, int backlog) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      ServerSocket server = new ServerSocket();
      try {
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 22), backlog);
        return server;
      } catch (IOException e) {
        server.close();
        if (System.nanoTime() > deadline) {
          throw new IOException("cannot listen on " + address + ":22 (sshd did not let go of it)", e);
        }
        sleep(50);
      }
    }
  }

  private void relay(String back, long delayMillis) {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        try {
          upstream.connect(new InetSocketAddress(back, 22), 5000);
        } catch (IOException e) {
          client.close();
          upstream.close();
          continue;
        }
        pipe(client, upstream, delayMillis);
        pipe(upstream, client, delayMillis);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private record Chunk(byte[] data, long due) {}

  /** Reads from one side and writes to the other {@code delay} later, chunks overlapping in flight. */
  private void pipe(Socket from, Socket to, long delayMillis) {
    BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[32 * 1024];
      try (InputStream in = from.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          inFlight.add(new Chunk(java.util.Arrays.copyOf(buffer, n), System.currentTimeMillis() + delayMillis));
        }
      } catch (IOException ignored) {
        // connection ended
      }
      inFlight.add(new Chunk(null, System.currentTimeMillis() + delayMillis));
    });
    Thread.ofVirtual().start(() -> {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = inFlight.take();
          long wait = chunk.due() - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          if (chunk.data() == null) {
            to.shutdownOutput();
            return;
          }
          out.write(chunk.data());
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
