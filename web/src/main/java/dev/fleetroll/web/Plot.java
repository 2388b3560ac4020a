package dev.fleetroll.web;

import dev.fleetroll.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One chart as the page's script draws it with uPlot: x in epoch seconds, and series of the same length
 * (null where there is no value). Written into the page as JSON in a data attribute.
 *
 * @param kind {@code line}, {@code dash} (a threshold) or {@code points} (marks only)
 */
public record Plot(String title, List<Long> x, List<Series> series) {

  public record Series(String label, String kind, String color, List<? extends Number> values) {}

  public String json() {
    return Json.write(this);
  }

  static List<Long> seconds(List<Instant> times) {
    return times.stream().map(Instant::getEpochSecond).toList();
  }

  /** One gate: its value, its threshold, and the failing reports marked. */
  static Plot gate(GateSeries series, GateSeries.Gate gate) {
    List<Double> failing = new ArrayList<>();
    for (int i = 0; i < gate.values().size(); i++) {
      failing.add("fail".equals(gate.verdicts().get(i)) ? gate.values().get(i) : null);
    }
    return new Plot(gate.name(), seconds(series.times()), List.of(
        new Series("value", "line", "#1f6feb", gate.values()),
        new Series("threshold", "dash", "#888888", gate.thresholds()),
        new Series("failing", "points", "#d1242f", failing)));
  }

  /** One pool: its hosts, and how many were APPLIED and HEALTHY. */
  static Plot pool(PoolTrend trend, String pool, PoolTrend.Counts c) {
    return new Plot(pool, seconds(trend.times()), List.of(
        new Series("hosts", "line", "#888888", boxed(c.hosts())),
        new Series("APPLIED", "line", "#1f6feb", boxed(c.applied())),
        new Series("HEALTHY", "line", "#1a7f37", boxed(c.healthy()))));
  }

  private static List<Integer> boxed(int[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
