package dev.fleetroll.rollout.plan;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fleetroll.rollout.schedule.Schedule;
import java.util.List;

/**
 * A rollout plan as the operator writes it (YAML; specs/rollout-plan.md). Absent settings are null
 * until {@link #withDefaults()}; {@link PlanValidator} says what is wrong with one.
 *
 * @param override path of the override file, relative to the plan file
 * @param targets host names and host-list files (a single one may be written without a list)
 * @param exclude host names and host-list files left out of {@code targets}
 */
public record RolloutPlan(
    String name,
    String override,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> targets,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> exclude,
    StagePolicy stages,
    @JsonProperty("max_in_flight") Integer maxInFlight,
    ConvergePolicy converge,
    DrainPolicy drain,
    HealthPolicy health,
    Timeouts timeouts,
    AdvanceMode advance,
    GatePolicy gates,
    Schedule schedule,
    CapacityPolicy capacity) {

  /** A plan without a schedule or pool floors (their defaults come with {@link #withDefaults()}). */
  public RolloutPlan(String name, String override, List<String> targets, List<String> exclude, StagePolicy stages,
      Integer maxInFlight, ConvergePolicy converge, DrainPolicy drain, HealthPolicy health, Timeouts timeouts,
      AdvanceMode advance, GatePolicy gates) {
    this(name, override, targets, exclude, stages, maxInFlight, converge, drain, health, timeouts, advance, gates, null,
        null);
  }

  /** A plan without pool floors. */
  public RolloutPlan(String name, String override, List<String> targets, List<String> exclude, StagePolicy stages,
      Integer maxInFlight, ConvergePolicy converge, DrainPolicy drain, HealthPolicy health, Timeouts timeouts,
      AdvanceMode advance, GatePolicy gates, Schedule schedule) {
    this(name, override, targets, exclude, stages, maxInFlight, converge, drain, health, timeouts, advance, gates,
        schedule, null);
  }

  /** The plan with every absent setting at its documented default. */
  public RolloutPlan withDefaults() {
    return new RolloutPlan(name, override, targets, exclude != null ? exclude : List.of(),
        (stages != null ? stages : StagePolicy.DEFAULT).withDefaults(),
        maxInFlight != null ? maxInFlight : RolloutPolicy.DEFAULT_MAX_IN_FLIGHT,
        (converge != null ? converge : ConvergePolicy.DEFAULT).withDefaults(),
        (drain != null ? drain : DrainPolicy.DEFAULT).withDefaults(),
        (health != null ? health : HealthPolicy.DEFAULT).withDefaults(),
        (timeouts != null ? timeouts : Timeouts.DEFAULT).withDefaults(),
        advance != null ? advance : AdvanceMode.MANUAL,
        (gates != null ? gates : GatePolicy.DEFAULT).withDefaults(),
        (schedule != null ? schedule : Schedule.NONE).withDefaults(),
        (capacity != null ? capacity : CapacityPolicy.DEFAULT).withDefaults());
  }

  /** The plan with other stages (the CLI's, with hand-picked host-list files read into names). */
  public RolloutPlan withStages(StagePolicy other) {
    return new RolloutPlan(name, override, targets, exclude, other, maxInFlight, converge, drain, health, timeouts,
        advance, gates, schedule, capacity);
  }

  /** The policy part of a plan that has its defaults. */
  public RolloutPolicy policy() {
    return new RolloutPolicy(stages, maxInFlight, converge, drain, health, timeouts, advance, gates, schedule,
        capacity);
  }
}
