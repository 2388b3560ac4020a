package dev.fleetroll.sim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What fleet to start and how it behaves. Start from {@link #of(int, int)} and change what a test
 * needs with the withers; the defaults keep tests quick while keeping the real sequence of events.
 *
 * @param linux number of Linux hosts ({@code t-linux64-ms-001...})
 * @param mac number of Mac hosts ({@code macmini-r8-001...})
 * @param seed makes task durations, outcomes, flaky Puppet runs and task ids repeatable
 * @param dir the fleet directory D; null for {@code $FLEETROLL_HOME/sim}
 * @param puppetDuration how long one simulated "puppet apply" takes
 * @param puppetRetry pause between attempts after a failed Puppet run (the real wrappers: 600 s
 *     Linux, 60 s macOS)
 * @param rebootDowntime how long a rebooting host stays unreachable
 * @param taskMin shortest task
 * @param taskMax longest task
 * @param tasksPerMinutePerWorker how fast each pool's task source adds pending tasks, per worker
 * @param claimTimeout how long a claimed task's run lives without its worker (Taskcluster: 20 min)
 * @param lastActiveThrottle how often the queue updates a worker's lastDateActive (Taskcluster: ~30 min)
 * @param macHonoursSingleRun whether the Mac wrapper honours FLEETROLL_SINGLE_RUN=1 (ronin_puppet: not
 *     yet; a failing Mac retries forever)
 * @param bastion one more host, a jump host with stock sshd settings, through which ssh_config sends
 *     every host; the hosts accept SSH only from it
 */
public record FleetSpec(
    int linux,
    int mac,
    long seed,
    Path dir,
    Duration puppetDuration,
    Duration puppetRetry,
    Duration rebootDowntime,
    Duration taskMin,
    Duration taskMax,
    double tasksPerMinutePerWorker,
    Duration claimTimeout,
    Duration lastActiveThrottle,
    boolean macHonoursSingleRun,
    boolean bastion) {

  public FleetSpec {
    if (linux < 0 || mac < 0 || linux + mac == 0) {
      throw new IllegalArgumentException("a fleet needs at least one host (linux=" + linux + ", mac=" + mac + ")");
    }
    if (linux > 999 || mac > 999) {
      throw new IllegalArgumentException("at most 999 hosts of each kind");
    }
    if (taskMax.compareTo(taskMin) < 0) {
      throw new IllegalArgumentException("taskMax is shorter than taskMin");
    }
  }

  public static FleetSpec of(int linux, int mac) {
    return new FleetSpec(linux, mac, 1, null, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(60), 2.0, Duration.ofMinutes(20),
        Duration.ofMinutes(30), false, false);
  }

  public FleetSpec withSeed(long value) {
    return new FleetSpec(linux, mac, value, dir, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withDir(Path value) {
    return new FleetSpec(linux, mac, seed, value, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withPuppet(Duration duration, Duration retry) {
    return new FleetSpec(linux, mac, seed, dir, duration, retry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withRebootDowntime(Duration value) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, value, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withTasks(Duration min, Duration max, double perMinutePerWorker) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, rebootDowntime, min, max,
        perMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withClaimTimeout(Duration value) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, value, lastActiveThrottle, macHonoursSingleRun, bastion);
  }

  public FleetSpec withLastActiveThrottle(Duration value) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, value, macHonoursSingleRun, bastion);
  }

  public FleetSpec withMacHonoursSingleRun(boolean value) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, value, bastion);
  }

  public FleetSpec withBastion(boolean value) {
    return new FleetSpec(linux, mac, seed, dir, puppetDuration, puppetRetry, rebootDowntime, taskMin, taskMax,
        tasksPerMinutePerWorker, claimTimeout, lastActiveThrottle, macHonoursSingleRun, value);
  }
}
