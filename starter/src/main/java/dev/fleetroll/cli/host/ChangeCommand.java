package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.HostArguments;
import dev.fleetroll.cli.SshOptionsMixin;
import dev.fleetroll.cli.Style;
import dev.fleetroll.host.HostAudit;
import dev.fleetroll.host.HostObservation;
import dev.fleetroll.inventory.gather.FleetAudit;
import dev.fleetroll.ssh.HostException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shape every change to hosts shares: check the input and the hosts before touching any, show
 * per host what would change unless {@code --confirm}, apply concurrently, write the audit log,
 * re-audit the hosts, exit 1 when some host failed.
 */
abstract class ChangeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|LIST", arity = "1..*", description = "Host names or host-list files.")
  List<String> targets;

  @Mixin SshOptionsMixin ssh;

  @Option(names = "--confirm", description = "Apply the change. Without it, only show what would change.")
  boolean confirm;

  @Option(names = "--reason", description = "Why (recorded in the audit log).")
  String reason;

  @Option(names = "--concurrency", defaultValue = "16", description = "Hosts changed at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--no-audit", description = "Do not re-audit the hosts afterwards.")
  boolean noAudit;

  final PrintStream out = System.out;

  /** When the last host of {@link #apply}'s change answered: the time each host's change is noted with. */
  Instant appliedAt;
  final Style style = Style.forStdout();

  /** The outcome for one host: a value, or the failure. */
  record Outcome<T>(String host, T value, HostException failure) {
    boolean ok() {
      return failure == null;
    }
  }

  List<String> hosts() {
    List<String> hosts = HostArguments.parse(targets);
    if (concurrency < 1) {
      throw new InputException("--concurrency must be at least 1");
    }
    Inventory.requireKnown(ssh, hosts);
    return hosts;
  }

  /** Runs {@code action} on every host, at most {@code concurrency} at once. */
  <T> Map<String, Outcome<T>> forEach(List<String> hosts, int parallel, Function<String, T> action) {
    Semaphore slots = new Semaphore(parallel);
    Map<String, Future<Outcome<T>>> futures = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String host : hosts) {
        futures.put(host, pool.submit(() -> {
          slots.acquire();
          try {
            return new Outcome<>(host, action.apply(host), null);
          } catch (HostException e) {
            return new Outcome<T>(host, null, e);
          } finally {
            slots.release();
          }
        }));
      }
      Map<String, Outcome<T>> out = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Outcome<T>>> e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Reads the hosts' current state (read-only) for a dry run. */
  Map<String, Outcome<HostAudit>> current(Inventory inventory, List<String> hosts) {
    return forEach(hosts, Math.max(concurrency, 32), host -> inventory.hosts().audit(host));
  }

  /** Re-audits changed hosts so the store (and the monitor) shows the new state at once. */
  void reaudit(Inventory inventory, List<String> hosts) {
    if (noAudit || hosts.isEmpty()) {
      return;
    }
    FleetAudit.Settings s = new FleetAudit.Settings(Math.max(concurrency, 32), Duration.ofSeconds(60),
        Duration.ofMinutes(5), 1, Duration.ofSeconds(1));
    List<HostObservation> results = new FleetAudit(inventory.hosts(), inventory.store(), s).run(hosts, o -> { });
    long ok = results.stream().filter(HostObservation::ok).count();
    out.println("Audit refreshed for " + ok + " of " + hosts.size() + " host" + (hosts.size() == 1 ? "" : "s") + ".");
  }

  /** What one host's change came to: the summary column it counts in, and its entry in the audit log. */
  record HostResult(String column, Map<String, Object> entry) {}

  /** How many hosts came to each summary column, and which hosts answered (to re-audit). */
  record Summary(Map<String, Integer> counts, List<String> reachable) {
    int count(String column) {
      return counts.getOrDefault(column, 0);
    }
  }

  /**
   * Applies {@code change} to every host, {@code concurrency} at once, and reports it as every change to
   * hosts does: a line per host ({@code report} prints it; a host that did not answer gets a FAIL line),
   * one audit-log record of {@code action} with {@code parameters} and each host's entry, then the summary
   * line: the total and the count in each of {@code columns} ({@code failed} counts the hosts that did not
   * answer too).
   */
  <T> Summary apply(Inventory inventory, String action, List<String> hosts, Function<String, T> change,
      BiFunction<String, T, HostResult> report, Map<String, Object> parameters, String... columns) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String column : columns) {
      counts.put(column, 0);
    }
    Map<String, Object> perHost = new LinkedHashMap<>();
    List<String> reachable = new ArrayList<>();
    Map<String, Outcome<T>> outcomes = forEach(hosts, concurrency, change);
    appliedAt = Instant.now();
    for (Outcome<T> o : outcomes.values()) {
      if (!o.ok()) {
        out.println(failureLine(o.failure()));
        perHost.put(o.host(), failureResult(o.failure()));
        counts.merge("failed", 1, Integer::sum);
        continue;
      }
      reachable.add(o.host());
      HostResult r = report.apply(o.host(), o.value());
      perHost.put(o.host(), r.entry());
      counts.merge(r.column(), 1, Integer::sum);
    }
    inventory.store().auditLog().append(inventory.actor(), action, hosts, parameters, perHost);
    StringBuilder line = new StringBuilder("Summary: total=").append(hosts.size());
    counts.forEach((column, n) -> line.append(' ').append(column).append('=').append(n));
    out.println(line);
    return new Summary(counts, reachable);
  }

  /** Re-audits the hosts that answered; exit 1 when some host failed or was blocked. */
  int finish(Inventory inventory, Summary summary) {
    reaudit(inventory, summary.reachable());
    return exitCode(summary.count("failed") == 0 && summary.count("blocked") == 0);
  }

  String failureLine(HostException e) {
    return style.bad("FAIL") + "       " + e.host() + "  " + e.failure().code() + ": " + e.detail();
  }

  void dryRunFooter() {
    out.println();
    out.println(style.warn("Dry run: nothing was changed.") + " Run again with --confirm to apply.");
  }

  static int exitCode(boolean allOk) {
    return allOk ? ExitCode.OK : ExitCode.FAILED;
  }

  static Map<String, Object> failureResult(HostException e) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("outcome", e.failure().code());
    r.put("error", e.detail());
    return r;
  }
}
