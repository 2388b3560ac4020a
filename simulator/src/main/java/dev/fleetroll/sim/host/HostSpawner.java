package dev.fleetroll.sim.host;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Starts every host process from one long-lived thread. Hosts run under {@code setpriv --pdeathsig
 * KILL}, and the kernel sends that signal when the <em>thread</em> that forked the process exits, not
 * the JVM: spawning from short-lived threads would kill hosts at random. This thread lives as long as
 * the JVM, so a host dies exactly when the JVM that owns it dies (even by SIGKILL).
 */
public final class HostSpawner {
  private static final HostSpawner INSTANCE = new HostSpawner();

  private record Request(ProcessBuilder builder, CompletableFuture<Process> result) {}

  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

  private HostSpawner() {
    Thread thread = new Thread(this::run, "sim-host-spawner");
    thread.setDaemon(true);
    thread.start();
  }

  public static HostSpawner get() {
    return INSTANCE;
  }

  public Process start(ProcessBuilder builder) throws IOException {
    CompletableFuture<Process> result = new CompletableFuture<>();
    requests.add(new Request(builder, result));
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting a host", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private void run() {
    while (true) {
      Request request;
      try {
        request = requests.take();
      } catch (InterruptedException e) {
        continue; // this thread must never end while the JVM runs
      }
      try {
        request.result().complete(request.builder().start());
      } catch (Throwable e) {
        request.result().completeExceptionally(e);
      }
    }
  }
}
