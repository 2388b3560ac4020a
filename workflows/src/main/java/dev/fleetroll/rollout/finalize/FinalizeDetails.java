package dev.fleetroll.rollout.finalize;

import dev.fleetroll.rollout.HostStatus;
import dev.fleetroll.rollout.gate.GateResult;

/** The Web UI's current details of a finalize (Markdown), from its progress. */
final class FinalizeDetails {

  private FinalizeDetails() {}

  static String markdown(FinalizeProgress p, FinalizeRequest request, int inFlight) {
    StringBuilder md = new StringBuilder();
    md.append("**Finalize** of `").append(request.rolloutId()).append("` · override ").append(request.overrideName())
        .append(" `").append(request.overrideSha(), 0, Math.min(12, request.overrideSha().length()))
        .append("` comes off every host · by ").append(request.actor());
    if (request.reason() != null && !request.reason().isBlank()) {
      md.append(" (").append(request.reason()).append(")");
    }
    md.append("\n\n").append(p.status().code().replace('-', ' ')).append(" · ").append(p.reverted())
        .append(" of ").append(p.total()).append(" hosts reverted");
    if (p.failed() > 0) {
      md.append(" · ").append(p.failed()).append(" failed");
    }
    if (inFlight > 0) {
      md.append(" · ").append(inFlight).append(" in flight");
    }
    if (p.observeUntil() != null && !p.status().finished()) {
      md.append("\n\nObserving the gates until ").append(p.observeUntil().toString(), 11, 16).append(" UTC (")
          .append(p.checks()).append(" check(s) so far).");
    }
    if (p.status() == FinalizeStatus.PAUSED_ON_REGRESSION) {
      md.append("\n\n**Paused on regression**; nothing is re-applied. `fleetroll rollout finalize ")
          .append(request.rolloutId()).append(" --acknowledge` goes on observing, `--abort` stops.");
      for (GateResult r : p.regressions()) {
        md.append("\n\n✗ ").append(r.gate()).append(": ").append(r.detail());
      }
    }
    if (!p.decisions().isEmpty() && p.decisions().getLast().kind().equals("refused")) {
      md.append("\n\n").append(p.decisions().getLast().reason()).append(" (sent by ").append(p.decisions().getLast().actor()).append(")");
    }
    for (FinalizeHostRecord r : p.hosts()) {
      if (r.status() == HostStatus.FAILED) {
        md.append("\n\n✗ ").append(r.host()).append(": ").append(r.outcome().failure())
            .append(r.outcome().quarantined() ? " (still quarantined)" : "");
      } else if (r.status() == HostStatus.EXCLUDED) {
        md.append("\n\n– ").append(r.host()).append(": ").append(r.note());
      }
    }
    return md.toString();
  }
}
