package dev.fleetroll.sim.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a simulated fleet once for the annotated test class and stops it after the class; test and
 * lifecycle methods get it as a {@link dev.fleetroll.sim.Fleet} parameter. For settings beyond these,
 * register {@link SimulatedFleetExtension#of} with a {@link dev.fleetroll.sim.FleetSpec} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SimulatedFleetExtension.class)
public @interface SimulatedFleet {
  int linux() default 2;

  int mac() default 1;

  long seed() default 1;

  /** A bastion (jump host) every host is reached through: {@link dev.fleetroll.sim.FleetSpec#bastion()}. */
  boolean bastion() default false;
}
