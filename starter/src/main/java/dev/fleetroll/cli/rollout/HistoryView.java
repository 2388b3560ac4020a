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
      Map<String, Object> parameters = new LinkedHashMap<>(e.parameters());
      parameters.remove("rollout");
      Object reason = parameters.remove("reason");
      parameters.putAll(e.result());
      entries.add(new Entry(e.ts(), "audit-log", e.actor(), e.action().substring("rollout.".length()), parameters,
          reason == null || reason.toString().isEmpty() ? null : reason.toString(), null, null));
    }
    entries.sort(Comparator.comparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return entries;
  }

  static String table(String id, RolloutProgress p, List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    out.append("History of ").append(id).append(" (").append(p.status().code()).append(")\n\n");
    out.append(String.format("%-20s %-9s %-10s %-8s %-9s %-28s %-30s %s%n", "WHEN (UTC)", "SOURCE", "WHO", "WHAT", "STAGE",
        "PARAMETERS", "WHY", "GATES"));
    for (Entry e : entries) {
      String params = e.parameters().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
          .collect(Collectors.joining(" "));
      out.append(String.format("%-20s %-9s %-10s %-8s %-9s %-28s %-30s %s%n",
          e.at() == null ? "-" : e.at().toString().substring(0, 19).replace('T', ' '), e.source().equals("workflow") ? "workflow"
              : "audit", e.actor(), e.what(), e.stage() == null ? "" : e.stage(), params, e.reason() == null ? "" : e.reason(),
          e.source().equals("workflow") ? StatusView.gateVerdict(e.gates()) : ""));
    }
    return out.toString();
  }
}
