package dev.fleetroll.rollout;

import dev.fleetroll.rollout.gate.GateReport;
import dev.fleetroll.rollout.gate.GateResult;
import dev.fleetroll.rollout.host.HostRolloutWorkflowImpl;

/**
 * The rollout's current details in the Web UI (Markdown): stage, counts, ETA, what it waits for, the
 * gates (a failing one with its numbers), the hosts in flight and the failed hosts with the reason.
 */
final class RolloutDetails {

  private RolloutDetails() {}

  static String markdown(RolloutProgress p, RolloutSpec spec) {
    StringBuilder md = new StringBuilder();
    md.append("**").append(spec.name()).append("** · override ").append(spec.overrideName()).append(" `")
        .append(spec.shortSha()).append("` · started by ").append(spec.actor()).append("\n\n");
    StageProgress stage = p.currentStage();
    if (stage != null) {
      md.append("**").append(stage.name()).append("** (stage ").append(stage.index() + 1).append(" of ")
          .append(p.stages().size()).append(") · ");
    }
    md.append(p.status().code().replace('-', ' ')).append(" · ").append(p.succeeded()).append(" of ").append(p.total())
        .append(" hosts done");
    if (p.failed() > 0) {
      md.append(" · ").append(p.failed()).append(" failed");
    }
    if (p.inFlight() > 0) {
      md.append(" · ").append(p.inFlight()).append(" in flight");
    }
    if (p.eta() != null && !p.status().finished()) {
      md.append(" · ETA ~").append(HostRolloutWorkflowImpl.human(p.eta()));
    }
    if (p.pausedBy() != null && !p.status().finished()) {
      String why = p.decisions().stream().filter(d -> d.kind().equals("pause")).reduce((a, b) -> b)
          .map(Decision::reason).orElse(null);
      md.append("\n\nPaused by ").append(p.pausedBy()).append(why == null ? "" : " (" + why + ")")
          .append(": no new host starts until `fleetroll rollout resume ").append(p.id()).append("`.");
    }
    if (p.heldBy() != null && !p.status().finished()) {
      md.append("\n\n**Held: ").append(p.heldBy()).append("**. Hosts in flight finish; no new host starts until then."
          + " `fleetroll rollout advance ").append(p.id()).append(" --force --reason TEXT` starts this stage's hosts anyway.");
    }
    p.decisions().stream().reduce((a, b) -> b).filter(d -> d.kind().equals("refused"))
        .ifPresent(d -> md.append("\n\n").append(d.reason()).append(" (sent by ").append(d.actor()).append(")"));
    if (p.waitingSince() != null && stage != null && !p.status().finished()) {
      // The last stage waits only while a host failed: an advance then ends the rollout.
      boolean last = stage.index() + 1 >= p.stages().size();
      String next = last ? null : p.stages().get(stage.index() + 1).name();
      String advance = last ? "ends the rollout" : "starts " + next;
      String since = p.waitingSince().toString().substring(11, 16) + " UTC";
      if (p.gates() != null && !p.gates().passed()) {
        md.append("\n\n**Paused on a failing gate** since ").append(since).append(": `fleetroll rollout advance ")
            .append(p.id()).append(" --force --reason TEXT` ").append(advance).append(" anyway.");
      } else if (p.autoAdvanceAt() != null) {
        md.append("\n\nGates pass; ").append(last ? "the rollout ends" : next + " starts").append(" by itself at ")
            .append(p.autoAdvanceAt().toString(), 11, 16).append(" UTC if they hold.");
      } else {
        md.append("\n\nWaiting for assessment since ").append(since).append(": `fleetroll rollout advance ")
            .append(p.id()).append("` ").append(advance).append(".");
      }
      if (last) {
        md.append("\n\nThe last stage waits because ").append(p.failed()).append(" host(s) failed: `fleetroll rollout retry ")
            .append(p.id()).append(" HOST` tries one again, `fleetroll rollout abort ").append(p.id())
            .append(" --mode rollback --reason TEXT` reverts every host it touched.");
      }
    }
    if (p.heldBack() != null && !p.heldBack().isEmpty() && !p.status().finished()) {
      md.append("\n\nHeld back by pool capacity: ").append(String.join("; ", p.heldBack()));
    }
    gates(md, p.gates());
    String running = String.join(", ", p.hosts().stream().filter(h -> h.status() == HostStatus.IN_FLIGHT)
        .map(HostRecord::host).sorted().toList());
    if (!running.isEmpty()) {
      md.append("\n\nIn flight: ").append(running);
    }
    for (HostRecord r : p.hosts()) {
      if (r.status() == HostStatus.FAILED) {
        md.append("\n\n✗ ").append(r.host()).append(": ").append(r.outcome().failure());
      } else if (r.status() == HostStatus.REVERT_FAILED) {
        md.append("\n\n✗ ").append(r.host()).append(" (revert): ").append(r.revert().failure());
      }
    }
    return md.toString();
  }

  private static void gates(StringBuilder md, GateReport report) {
    if (report == null) {
      return;
    }
    md.append("\n\nGates at ").append(report.at().toString(), 11, 16).append(" UTC: ")
        .append(report.passed() ? "pass" : "**fail**");
    for (GateResult r : report.blocking()) {
      md.append("\n- ✗ ").append(StageGates.line(r));
    }
  }
}
