package dev.fleetroll.rollout.plan;

/** Failed hosts a stage tolerates, split by failure type: the world's fault vs the change's. */
public record FailedHostsLimit(Integer infrastructure, Integer change) {

  public static final FailedHostsLimit DEFAULT = new FailedHostsLimit(1, 0);

  public FailedHostsLimit withDefaults() {
    return new FailedHostsLimit(infrastructure != null ? infrastructure : DEFAULT.infrastructure,
        change != null ? change : DEFAULT.change);
  }
}
