package dev.fleetroll.sim.junit;

import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.FleetSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a simulated fleet for one test class, in its own directory
 * ({@code $FLEETROLL_HOME/sim-tests/<TestClass>}), stopped after the class even when tests fail. If
 * the test JVM is killed, the hosts die with it and the next run clears what is left.
 *
 * <pre>{@code
 * @SimulatedFleet(linux = 2, mac = 1)
 * class RolloutEndToEndTest {
 *   @Test void appliesOverride(Fleet fleet) { ... fleet.counters("t-linux64-ms-001") ... }
 * }
 *
 * // or, with a full spec:
 * @RegisterExtension
 * static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(FleetSpec.of(3, 0).withSeed(7));
 * }</pre>
 */
public final class SimulatedFleetExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final FleetSpec spec;
  private Fleet fleet;

  /** Used by {@link SimulatedFleet}. */
  public SimulatedFleetExtension() {
    this(null);
  }

  private SimulatedFleetExtension(FleetSpec spec) {
    this.spec = spec;
  }

  public static SimulatedFleetExtension of(FleetSpec spec) {
    return new SimulatedFleetExtension(spec);
  }

  /** The running fleet (after {@code @BeforeAll} of this extension). */
  public Fleet fleet() {
    if (fleet == null) {
      throw new IllegalStateException("the simulated fleet is not running (used outside its test class?)");
    }
    return fleet;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    FleetSpec chosen = spec;
    if (chosen == null) {
      SimulatedFleet a = testClass.getAnnotation(SimulatedFleet.class);
      chosen = a == null ? FleetSpec.of(2, 1) : FleetSpec.of(a.linux(), a.mac()).withSeed(a.seed()).withBastion(a.bastion());
    }
    if (chosen.dir() == null) {
      chosen = chosen.withDir(Fleet.defaultDir().resolveSibling("sim-tests").resolve(testClass.getSimpleName()));
    }
    fleet = Fleet.start(chosen);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fleet != null) {
      fleet.close();
      fleet = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Fleet.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return fleet();
  }

  /** Where test fleets live, for tools that want to look at them. */
  public static Path testFleetsDir() {
    return Fleet.defaultDir().resolveSibling("sim-tests");
  }
}
