package dev.fleetroll.inventory.gather;

import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostClient;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.ssh.HostException;
import dev.fleetroll.ssh.HostUnreachableException;
import dev.fleetroll.ssh.SshFailure;
import dev.fleetroll.store.ContentStore;
import dev.fleetroll.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Audits many hosts at once: at most {@code concurrency} in flight, connection errors retried with
 * backoff, an overall deadline, and every outcome — unreachable hosts included — recorded in the
 * store with its time. Override contents go to the content store.
 */
public final class FleetAudit {

  /**
   * @param concurrency hosts audited at the same time
   * @param perHostTimeout limit for the audit command on one host
   * @param deadline hosts not started by then are recorded as timed out
   * @param retries extra attempts after a connection error
   * @param retryDelay first backoff; doubles per attempt
   */
  public record Settings(int concurrency, Duration perHostTimeout, Duration deadline, int retries, Duration retryDelay) {
    public static Settings defaults() {
      return new Settings(64, Duration.ofSeconds(60), Duration.ofMinutes(10), 2, Duration.ofSeconds(1));
    }
  }

  private final HostClient hosts;
  private final Store store;
  private final Settings settings;
  private final Clock clock;

  public FleetAudit(HostClient hosts, Store store, Settings settings) {
    this.hosts = hosts;
    this.store = store;
    this.settings = settings;
    this.clock = Clock.systemUTC();
  }

  /** Audits {@code names}; calls {@code progress} as each host finishes (from worker threads). */
  public List<HostObservation> run(List<String> names, Consumer<HostObservation> progress) {
    Instant deadline = clock.instant().plus(settings.deadline());
    Semaphore slots = new Semaphore(settings.concurrency());
    List<Future<HostObservation>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String host : names) {
        futures.add(pool.submit(() -> {
          HostObservation observation = auditWithRetries(host, deadline, slots);
          store.recordObservation(observation);
          progress.accept(observation);
          return observation;
        }));
      }
      List<HostObservation> out = new ArrayList<>();
      for (Future<HostObservation> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("audit interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("audit failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * One host, with retries of connection errors; never throws for a host problem. A slot is held
   * only while connected: a rebooting host waiting out its backoff leaves room for the others.
   */
  private HostObservation auditWithRetries(String host, Instant deadline, Semaphore slots) throws InterruptedException {
    Duration delay = settings.retryDelay();
    for (int attempt = 1; ; attempt++) {
      Attempt result;
      slots.acquire();
      try {
        result = attempt(host, attempt, deadline);
      } finally {
        // Nothing else needs this host's connection: free it (and its sshd on the host) now.
        hosts.ssh().disconnect(host);
        slots.release();
      }
      if (!result.retryable() || attempt > settings.retries() || clock.instant().plus(delay).isAfter(deadline)) {
        return result.observation();
      }
      Thread.sleep(delay);
      delay = delay.multipliedBy(2);
    }
  }

  /** What one attempt gave: a final observation, or a connection failure worth another try. */
  private record Attempt(HostObservation observation, boolean retryable) {}

  private Attempt attempt(String host, int attempt, Instant deadline) {
    Instant started = clock.instant();
    if (started.isAfter(deadline)) {
      return new Attempt(new HostObservation(host, started, SshFailure.TIMEOUT.code(),
          "not audited: the overall deadline passed before its turn", attempt - 1, null), false);
    }
    try {
      HostAudit audit = hosts.audit(host, settings.perHostTimeout());
      if (audit.overrideContent() != null) {
        store.content().put(ContentStore.Kind.OVERRIDE, audit.overrideContent().getBytes(StandardCharsets.UTF_8));
      }
      return new Attempt(HostObservation.ok(audit, attempt), false);
    } catch (HostUnreachableException e) {
      return new Attempt(HostObservation.failed(host, started, e, attempt), true);
    } catch (HostException e) {
      return new Attempt(HostObservation.failed(host, started, e, attempt), false);
    } catch (RuntimeException e) {
      return new Attempt(new HostObservation(host, started, SshFailure.COMMAND_FAILED.code(),
          "unexpected error: " + e, attempt, null), false);
    }
  }
}
