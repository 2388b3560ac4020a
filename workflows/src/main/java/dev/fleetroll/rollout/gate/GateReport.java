package dev.fleetroll.rollout.gate;

import java.time.Instant;
import java.util.List;

/** Every gate's verdict at one moment, and whether the stage may advance. */
public record GateReport(Instant at, List<GateResult> results) {

  public boolean passed() {
    return results.stream().noneMatch(GateResult::blocking);
  }

  public List<GateResult> blocking() {
    return results.stream().filter(GateResult::blocking).toList();
  }
}
