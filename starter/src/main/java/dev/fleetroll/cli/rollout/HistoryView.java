package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.Decision;
import dev.fleetroll.rollout.RolloutProgress;
import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.store.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code rollout history}: the workflow's decisions and the audit log's entries, in time order. */
final class HistoryView {

  /**
   * One line of history.
   *
   * @param source {@code workflow} (recorded by the rollout: the source of truth) or {@code audit-log}
   * @param gates the gate report at that moment (workflow entries), else null
   */
  record Entry(Instant at, String source, String actor, String what, Map<String, Object> parameters, String reason,
      String stage, GateReport gates) {}

  private HistoryView() {}

  static List<Entry> merge(List<Decision> decisions, List<AuditLog.Entry> audit) {
    List<Entry> entries = new ArrayList<>();
    for (Decision d : decisions) {
      entries.add(new Entry(d.at(), "workflow", d.actor(), d.kind(),
          d.parameters() == null ? Map.of() : new LinkedHashMap<>(d.parameters()), d.reason(), d.stage(), d.gates()));
    }
    for (AuditLog.Entry e : audit) {
      // An entry about one host (an override written or removed, a host skipped) names it first.
      Map<String, Object> parameters = new LinkedHashMap<>();
      if (e.hosts().size() == 1) {
        parameters.put("host", e.hosts().getFirst());
      }
      parameters.putAll(e.parameters());
      parameters.remove("rollout");
      Object reason = parameters.remove("reason");
      parameters.putAll(e.result());
      entries.add(new Entry(e.ts(), "audit-log", e.actor(), e.action().substring("rollout.".length()), parameters,
          reason == null || reason.toString().isEmpty() ? null : reason.toString(), null, null));
    }
    entries.sort(Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return entries;
  }

  /** Widest a PARAMETERS cell gets before it is cut with "…" (shas are long; --json has them whole). */
  private static final int MAX_PARAMETERS = 60;

  static String table(String id, RolloutProgress p, List<Entry> entries) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"WHEN (UTC)", "SOURCE", "WHO", "WHAT", "STAGE", "PARAMETERS", "GATES", "WHY"});
    for (Entry e : entries) {
      String params = e.parameters().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
          .collect(Collectors.joining(" "));
      boolean workflow = e.source().equals("workflow");
      rows.add(new String[] {
          e.at() == null ? "-" : e.at().toString().substring(0, 19).replace('T', ' '),
          workflow ? "workflow" : "audit",
          e.actor(),
          e.what(),
          e.stage() == null ? "" : e.stage(),
          params.length() > MAX_PARAMETERS ? params.substring(0, MAX_PARAMETERS - 1) + "…" : params,
          workflow ? StatusView.gateVerdict(e.gates()) : "",
          e.reason() == null ? "" : e.reason()});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("History of ").append(id).append(" (").append(p.status().code()).append(")\n\n");
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]);
        if (c < row.length - 1) {
          line.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
