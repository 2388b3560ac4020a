package dev.fleetroll.rollout.schedule;

import java.util.List;

/**
 * The plan's {@code schedule}: {@code windows} when new hosts may start (none: any time) and {@code freezes}
 * when none may. Team-wide freezes come on top ({@link StartHold}).
 */
public record Schedule(List<MaintenanceWindow> windows, List<PlanFreeze> freezes) {

  public static final Schedule NONE = new Schedule(List.of(), List.of());

  public Schedule withDefaults() {
    // Not List.copyOf: an empty entry (null) stays, for the validator to name.
    return new Schedule(windows == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(windows)),
        freezes == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(freezes)));
  }

  public boolean none() {
    return (windows == null || windows.isEmpty()) && (freezes == null || freezes.isEmpty());
  }

  public List<Freeze> planFreezes() {
    return freezes == null ? List.of() : freezes.stream().map(PlanFreeze::freeze).toList();
  }
}
