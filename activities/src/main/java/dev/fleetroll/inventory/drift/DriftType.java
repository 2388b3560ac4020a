package dev.fleetroll.inventory.drift;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of drift (docs/inventory.md#drift). {@code override}, {@code unreachable} and
 * {@code tc-missing} are the product spec's names (FleetRoll spec v5, "drift types"); the others
 * name what the spec's problem statement and the MVP's columns describe.
 */
public enum DriftType {
  /** An override no rollout put there, or one that differs from what its rollout wrote. */
  OVERRIDE("override"),
  /** An override older than the maximum age: left behind after its purpose. */
  LINGERING("lingering"),
  /** Puppet's last run failed, or it has not run for too long. */
  PUPPET("puppet"),
  /** The host runs an older commit than the head of its branch (PP_MATCH N). */
  BEHIND("behind"),
  /** The host has not answered SSH for too long. */
  UNREACHABLE("unreachable"),
  /** Taskcluster does not know the host's worker. */
  TC_MISSING("tc-missing"),
  /** The worker is quarantined by a rollout that is no longer running. */
  QUARANTINE("quarantine");

  private final String label;

  DriftType(String label) {
    this.label = label;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return label;
  }

  /** The type a name means, or null. */
  public static DriftType byLabel(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.label.equals(n)).findFirst().orElse(null);
  }

  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(DriftType::label).toList());
  }

  @Override
  public String toString() {
    return label;
  }
}
