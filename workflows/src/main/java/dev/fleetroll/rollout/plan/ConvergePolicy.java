package dev.fleetroll.rollout.plan;

/** The converge strategy for each platform. */
public record ConvergePolicy(ConvergeStrategy linux, ConvergeStrategy macos) {

  /**
   * Reboot on both: Linux hosts run Puppet only at boot, and a quarantined Mac starts no new worker
   * cycle (where its Puppet runs) until something reboots it.
   */
  public static final ConvergePolicy DEFAULT = new ConvergePolicy(ConvergeStrategy.REBOOT, ConvergeStrategy.REBOOT);

  public ConvergePolicy withDefaults() {
    return new ConvergePolicy(linux != null ? linux : DEFAULT.linux, macos != null ? macos : DEFAULT.macos);
  }

  public ConvergeStrategy strategyFor(HostPlatform platform) {
    return platform == HostPlatform.MACOS ? macos : linux;
  }
}
