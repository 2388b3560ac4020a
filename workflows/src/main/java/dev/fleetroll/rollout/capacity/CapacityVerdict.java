package dev.fleetroll.rollout.capacity;

/**
 * Whether one more host of a pool may start now, and if not why, in the words status shows: {@code
 * gecko-t-linux-talos-2404: 6/8 available, floor 75%: t-linux64-ms-003 waits}.
 */
public record CapacityVerdict(boolean starts, String why) {

  static CapacityVerdict go() {
    return new CapacityVerdict(true, null);
  }

  static CapacityVerdict waits(String why) {
    return new CapacityVerdict(false, why);
  }
}
