package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fleetroll.rollout.schedule.Schedule;

/**
 * How a rollout proceeds, every value set: the part of the plan the workflows carry.
 *
 * @param maxInFlight hosts of a stage worked on at once; a slot refills as soon as a host finishes
 * @param schedule when new hosts may start; null in rollouts started before schedules existed (any time)
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
    Schedule schedule,
    CapacityPolicy capacity) {

  /** A policy without a schedule or pool floors: hosts start at any time (the workflow tests' fleets have no pools). */
  public RolloutPolicy(StagePolicy stages, int maxInFlight, ConvergePolicy converge, DrainPolicy drain,
      HealthPolicy health, Timeouts timeouts, AdvanceMode advance, GatePolicy gates) {
    this(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, null, null);
  }

  /** A policy without pool floors. */
  public RolloutPolicy(StagePolicy stages, int maxInFlight, ConvergePolicy converge, DrainPolicy drain,
      HealthPolicy health, Timeouts timeouts, AdvanceMode advance, GatePolicy gates, Schedule schedule) {
    this(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, schedule, null);
  }

  public static final int DEFAULT_MAX_IN_FLIGHT = 2;

  public static RolloutPolicy defaults() {
    return new RolloutPolicy(StagePolicy.DEFAULT, DEFAULT_MAX_IN_FLIGHT, ConvergePolicy.DEFAULT, DrainPolicy.DEFAULT,
        HealthPolicy.DEFAULT, Timeouts.DEFAULT, AdvanceMode.MANUAL, GatePolicy.DEFAULT, Schedule.NONE,
        CapacityPolicy.DEFAULT);
  }

  public RolloutPolicy withSchedule(Schedule other) {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, other, capacity);
  }

  public RolloutPolicy withCapacity(CapacityPolicy floors) {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, schedule, floors);
  }

  /** The schedule, none for rollouts started before schedules existed. */
  public Schedule scheduleOrNone() {
    return schedule != null ? schedule : Schedule.NONE;
  }

  public RolloutPolicy withAdvance(AdvanceMode mode) {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, mode, gates, schedule, capacity);
  }
}
