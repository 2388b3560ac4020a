package dev.fleetroll.web;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rollout's gate values over time, each against its threshold. The points are the gate reports the
 * rollout itself recorded: every decision carries the report of its moment (the verdict at the end of
 * each stage, each change of verdict while it waits or runs, and the report each operator command was
 * judged against), and the latest report ends the series. Looks that changed nothing are not recorded
 * by the rollout, so they are not points either.
 *
 * @param times when each report was judged, oldest first
 * @param gates one series per gate, in the reports' order
 */
public record GateSeries(List<Instant> times, List<Gate> gates) {

  /**
   * One gate: per report, its value (null without data), threshold and verdict (null when the report did
   * not judge this gate).
   */
  public record Gate(String name, List<Double> values, List<Double> thresholds, List<String> verdicts) {
    public String latestVerdict() {
      for (int i = verdicts.size() - 1; i >= 0; i--) {
        if (verdicts.get(i) != null) {
          return verdicts.get(i);
        }
      }
      return null;
    }
  }

  public static GateSeries of(RolloutProgress p) {
    TreeMap<Instant, GateReport> reports = new TreeMap<>();
    for (Decision d : p.decisions()) {
      add(reports, d.gates());
    }
    add(reports, p.gates());
    List<Instant> times = List.copyOf(reports.keySet());
    Map<String, Gate> gates = new LinkedHashMap<>();
    int i = 0;
    for (GateReport report : reports.values()) {
      for (GateResult r : report.results()) {
        Gate g = gates.computeIfAbsent(r.gate(), name -> new Gate(name, nulls(times.size()), nulls(times.size()),
            nulls(times.size())));
        g.values().set(i, r.value());
        g.thresholds().set(i, r.threshold());
        g.verdicts().set(i, r.verdict().code());
      }
      i++;
    }
    return new GateSeries(times, List.copyOf(gates.values()));
  }

  private static void add(TreeMap<Instant, GateReport> reports, GateReport report) {
    if (report != null && report.at() != null) {
      reports.putIfAbsent(report.at(), report);
    }
  }

  private static <T> List<T> nulls(int n) {
    return new ArrayList<>(Collections.nCopies(n, null));
  }
}
