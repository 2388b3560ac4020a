package dev.fleetroll.cli.host;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */
final class Progress {
  private final PrintStream err = System.err;
  private final boolean enabled;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  Progress(String label, int total, boolean quiet) {
    this.label = label;
    this.total = total;
    this.enabled = !quiet && System.console() != null && System.console().isTerminal();
  }

  void step(boolean ok) {
    int n = done.incrementAndGet();
    if (!ok) {
      failed.incrementAndGet();
    }
    if (!enabled) {
      return;
    }
    synchronized (this) {
      int width = 30;
      int filled = total == 0 ? width : (int) ((long) n * width / total);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      err.printf("\r%s [%s%s] %d/%d%s %02d:%02d ", label, "=".repeat(filled), " ".repeat(width - filled), n, total,
          failed.get() > 0 ? " (" + failed.get() + " failed)" : "", seconds / 60, seconds % 60);
      err.flush();
    }
  }

  void finish() {
    if (enabled) {
      err.print("\r\u001b[2K");
      err.flush();
    }
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
