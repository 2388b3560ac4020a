package dev.fleetroll.rollout.readiness;

import java.util.List;

/**
 * A worker's answer: what it lacks to do the work, one line each (empty when nothing).
 *
 * @param worker the identity of the worker that answered
 */
public record Readiness(String worker, List<String> missing) {

  public boolean ready() {
    return missing.isEmpty();
  }
}
