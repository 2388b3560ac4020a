package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a rollout proceeds, every value set: the part of the plan the workflows carry.
 *
 * @param maxInFlight hosts of a stage worked on at once; a slot refills as soon as a host finishes
 * @param capacity the pools' floors; null (a rollout started before they existed): none
 */
public record RolloutPolicy(
    StagePolicy stages,
    @JsonProperty("max_in_flight") int maxInFlight,
    ConvergePolicy converge,
    DrainPolicy drain,
    HealthPolicy health,
    Timeouts timeouts,
    AdvanceMode advance,
    GatePolicy gates,
    CapacityPolicy capacity) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 2;

  /** A policy without pool floors (the workflow tests' fleets have no Taskcluster pools to count). */
  public RolloutPolicy(StagePolicy stages, int maxInFlight, ConvergePolicy converge, DrainPolicy drain,
      HealthPolicy health, Timeouts timeouts, AdvanceMode advance, GatePolicy gates) {
    this(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, null);
  }

  public static RolloutPolicy defaults() {
    return new RolloutPolicy(StagePolicy.DEFAULT, DEFAULT_MAX_IN_FLIGHT, ConvergePolicy.DEFAULT, DrainPolicy.DEFAULT,
        HealthPolicy.DEFAULT, Timeouts.DEFAULT, AdvanceMode.MANUAL, GatePolicy.DEFAULT, CapacityPolicy.DEFAULT);
  }

  public RolloutPolicy withAdvance(AdvanceMode mode) {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, mode, gates, capacity);
  }

  public RolloutPolicy withCapacity(CapacityPolicy floors) {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, floors);
  }
}
