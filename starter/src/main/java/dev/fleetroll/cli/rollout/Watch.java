package dev.fleetroll.cli.rollout;

import dev.fleetroll.Durations;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.cli.Style;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.RolloutStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Follows a rollout until it ends: on a terminal the whole status is redrawn every two seconds; piped,
 * one line is printed whenever something changes. Exit status 0 when every host succeeded, else 1.
 */
final class Watch {

  static final Duration INTERVAL = Duration.ofSeconds(2);

  private final RolloutClient rollouts;
  private final Style style;
  private final PrintStream out;

  Watch(RolloutClient rollouts, Style style, PrintStream out) {
    this.rollouts = rollouts;
    this.style = style;
    this.out = out;
  }

  int follow(String id) throws InterruptedException {
    String last = null;
    boolean redraw = style.color();
    while (true) {
      RolloutProgress p = rollouts.progress(id);
      if (redraw) {
        out.print("\u001b[H\u001b[2J" + new StatusView(style).status(p, live(id, p), Instant.now()));
      } else {
        String line = line(p);
        if (!line.equals(last)) {
          out.println(Instant.now().toString().substring(11, 19) + "  " + line);
          last = line;
        }
      }
      out.flush();
      if (p.status().finished()) {
        if (!redraw) {
          out.println(new StatusView(style).status(p, Map.of(), Instant.now()));
        }
        return p.status() == RolloutStatus.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
      }
      Thread.sleep(INTERVAL);
    }
  }

  /**
   * Each in-flight host's step, asked of all of them at once: each is a query a worker answers and a
   * describe, round trips that one after the other made most of a running rollout's status.
   */
  Map<String, RolloutClient.Live> live(String id, RolloutProgress p) {
    Map<String, CompletableFuture<Optional<RolloutClient.Live>>> asked = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (HostRecord h : p.hosts()) {
        if (h.status() == HostStatus.IN_FLIGHT) {
          asked.put(h.host(), CompletableFuture.supplyAsync(() -> rollouts.live(id, h.host()), pool));
        }
      }
    }
    Map<String, RolloutClient.Live> live = new HashMap<>();
    asked.forEach((host, answer) -> answer.join().ifPresent(l -> live.put(host, l)));
    return live;
  }

  static String line(RolloutProgress p) {
    var stage = p.currentStage();
    return p.status().code() + (stage != null ? " · " + stage.name() : "") + " " + StatusView.bar(p.succeeded() + p.failed(),
        p.total(), 20) + " " + p.succeeded() + "/" + p.total() + " done, " + p.failed() + " failed, " + p.inFlight()
        + " in flight" + (p.eta() != null && !p.status().finished() ? ", ETA ~" + Durations.elapsed(p.eta()) : "");
  }
}
