package dev.fleetroll.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * The faults injected into one host. Immutable: change one with the withers or {@link #with(String)},
 * then hand it to {@code Fleet.setFaults}. {@link #NONE} is a healthy host.
 *
 * @param puppet how "puppet apply" ends on this host
 * @param flakyRate with {@link PuppetMode#FLAKY}, the share of Puppet runs that fail (0..1)
 * @param ssh whether and how the host's SSH port answers
 * @param sshDelay with {@link Reachability#SLOW}, the delay added to every packet in each direction
 * @param workerNeverReturns the worker does not start again after the next boot
 * @param taskFailureRate share of this host's tasks that fail (0..1), on top of a bad branch's rate
 * @param clockSkew the host's wall clock runs this far ahead (negative: behind)
 * @param readOnly the host's disk is mounted read-only (writes fail with EROFS)
 * @param sudo whether the login user may run {@code sudo} without a password
 * @param poweredOff the host is off (no SSH, no worker) until powered on again
 */
public record HostFaults(
    PuppetMode puppet,
    double flakyRate,
    Reachability ssh,
    Duration sshDelay,
    boolean workerNeverReturns,
    double taskFailureRate,
    Duration clockSkew,
    boolean readOnly,
    boolean sudo,
    boolean poweredOff) {

  public static final HostFaults NONE = new HostFaults(PuppetMode.SUCCESS, 0.5, Reachability.REACHABLE,
      Duration.ZERO, false, 0, Duration.ZERO, false, true, false);

  /** How a simulated "puppet apply" ends. */
  public enum PuppetMode { SUCCESS, FAIL, HANG, FLAKY }

  /** How the host's SSH port behaves. */
  public enum Reachability {
    /** sshd answers normally. */
    REACHABLE,
    /** Nothing listens: connections are refused at once. */
    REFUSED,
    /** SYNs go unanswered: connects time out (the client's ConnectTimeout decides how long). */
    SILENT,
    /** sshd answers through a link that delays every packet by {@code sshDelay}. */
    SLOW
  }

  public HostFaults {
    if (flakyRate < 0 || flakyRate > 1 || taskFailureRate < 0 || taskFailureRate > 1) {
      throw new IllegalArgumentException("rates must be between 0 and 1");
    }
  }

  public HostFaults withPuppet(PuppetMode mode) {
    return new HostFaults(mode, flakyRate, ssh, sshDelay, workerNeverReturns, taskFailureRate, clockSkew,
        readOnly, sudo, poweredOff);
  }

  public HostFaults withFlakyPuppet(double rate) {
    return new HostFaults(PuppetMode.FLAKY, rate, ssh, sshDelay, workerNeverReturns, taskFailureRate,
        clockSkew, readOnly, sudo, poweredOff);
  }

  public HostFaults withSsh(Reachability reachability) {
    return new HostFaults(puppet, flakyRate, reachability, sshDelay, workerNeverReturns, taskFailureRate,
        clockSkew, readOnly, sudo, poweredOff);
  }

  public HostFaults withSlowSsh(Duration delay) {
    return new HostFaults(puppet, flakyRate, Reachability.SLOW, delay, workerNeverReturns, taskFailureRate,
        clockSkew, readOnly, sudo, poweredOff);
  }

  public HostFaults withWorkerNeverReturns(boolean value) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, value, taskFailureRate, clockSkew, readOnly,
        sudo, poweredOff);
  }

  public HostFaults withTaskFailureRate(double rate) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, workerNeverReturns, rate, clockSkew, readOnly,
        sudo, poweredOff);
  }

  public HostFaults withClockSkew(Duration skew) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, workerNeverReturns, taskFailureRate, skew,
        readOnly, sudo, poweredOff);
  }

  public HostFaults withReadOnly(boolean value) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, workerNeverReturns, taskFailureRate, clockSkew,
        value, sudo, poweredOff);
  }

  public HostFaults withSudo(boolean value) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, workerNeverReturns, taskFailureRate, clockSkew,
        readOnly, value, poweredOff);
  }

  public HostFaults withPoweredOff(boolean value) {
    return new HostFaults(puppet, flakyRate, ssh, sshDelay, workerNeverReturns, taskFailureRate, clockSkew,
        readOnly, sudo, value);
  }

  /** The grammar of {@code sim fault HOST SETTING...}, one setting per call. */
  public static final String SETTINGS_HELP = """
      puppet=success|fail|hang|flaky[:RATE]   how Puppet runs end (flaky: RATE of runs fail, default 0.5)
      ssh=ok|refused|silent|slow[:DELAY]      SSH answers, refuses, never answers, or answers slowly (default 500ms)
      worker=ok|never-returns                 whether the worker starts again after the next boot
      tasks-fail=RATE                         share of this host's tasks that fail (0..1)
      clock-skew=DURATION                     wall clock ahead (+2h, 90s) or behind (-5m); 0 to clear
      fs=rw|ro                                read-only disk
      sudo=yes|no                             password-less sudo for the login user
      power=on|off                            power the host off (it stays off) or on
      clear                                   all of the above back to healthy
      hostkey=new[:TYPE]                      new host keys, as a re-imaged host has (TYPE ed25519, ecdsa or
                                              rsa; default ed25519); the disk is kept; 'clear' does not undo it""";

  /**
   * The key type of a {@code hostkey=new[:TYPE]} setting (an action, not a lasting fault), or null
   * for any other setting.
   *
   * @throws IllegalArgumentException naming the setting when it is malformed
   */
  public static String newHostKeyType(String setting) {
    String s = setting.strip().toLowerCase(Locale.ROOT);
    if (!s.startsWith("hostkey=")) {
      return null;
    }
    String value = s.substring("hostkey=".length());
    String type = value.equals("new") ? "ed25519" : value.startsWith("new:") ? value.substring(4) : null;
    if (type == null || !java.util.List.of("ed25519", "ecdsa", "rsa").contains(type)) {
      throw bad(setting, "new or new:ed25519|ecdsa|rsa");
    }
    return type;
  }

  /**
   * This with one setting changed, e.g. {@code puppet=fail}, {@code ssh=slow:2s}, {@code clear}.
   *
   * @throws IllegalArgumentException naming the setting when it is not understood
   */
  public HostFaults with(String setting) {
    String s = setting.strip();
    if (newHostKeyType(s) != null) {
      return this; // an action on the host (Fleet.fault), nothing that lasts
    }
    if (s.equals("clear")) {
      return NONE.withPoweredOff(false);
    }
    int eq = s.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("fault setting '" + setting + "' is not KEY=VALUE (or 'clear')");
    }
    String key = s.substring(0, eq).toLowerCase(Locale.ROOT);
    String value = s.substring(eq + 1).toLowerCase(Locale.ROOT);
    String arg = value.contains(":") ? value.substring(value.indexOf(':') + 1) : null;
    String head = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
    try {
      return switch (key) {
        case "puppet" -> switch (head) {
          case "success", "ok" -> withPuppet(PuppetMode.SUCCESS);
          case "fail" -> withPuppet(PuppetMode.FAIL);
          case "hang" -> withPuppet(PuppetMode.HANG);
          case "flaky" -> withFlakyPuppet(arg == null ? 0.5 : rate(arg));
          default -> throw bad(setting, "success, fail, hang or flaky[:RATE]");
        };
        case "ssh" -> switch (head) {
          case "ok", "reachable" -> withSsh(Reachability.REACHABLE);
          case "refused" -> withSsh(Reachability.REFUSED);
          case "silent" -> withSsh(Reachability.SILENT);
          case "slow" -> withSlowSsh(arg == null ? Duration.ofMillis(500) : DurationParser.parse(arg));
          default -> throw bad(setting, "ok, refused, silent or slow[:DELAY]");
        };
        case "worker" -> switch (value) {
          case "ok" -> withWorkerNeverReturns(false);
          case "never-returns" -> withWorkerNeverReturns(true);
          default -> throw bad(setting, "ok or never-returns");
        };
        case "tasks-fail" -> withTaskFailureRate(rate(value));
        case "clock-skew" -> withClockSkew(value.equals("0") ? Duration.ZERO : DurationParser.parse(value));
        case "fs" -> switch (value) {
          case "rw" -> withReadOnly(false);
          case "ro" -> withReadOnly(true);
          default -> throw bad(setting, "rw or ro");
        };
        case "sudo" -> switch (value) {
          case "yes", "on", "true" -> withSudo(true);
          case "no", "off", "false" -> withSudo(false);
          default -> throw bad(setting, "yes or no");
        };
        case "power" -> switch (value) {
          case "on" -> withPoweredOff(false);
          case "off" -> withPoweredOff(true);
          default -> throw bad(setting, "on or off");
        };
        default -> throw new IllegalArgumentException("unknown fault '" + key + "' in '" + setting
            + "'; known: puppet, ssh, worker, tasks-fail, clock-skew, fs, sudo, power, hostkey, clear");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fault setting '" + setting + "': " + e.getMessage());
    }
  }

  private static double rate(String text) {
    double r = Double.parseDouble(text);
    if (r < 0 || r > 1) {
      throw new NumberFormatException("rate " + text + " is not between 0 and 1");
    }
    return r;
  }

  private static IllegalArgumentException bad(String setting, String expected) {
    return new IllegalArgumentException("fault setting '" + setting + "': expected " + expected);
  }
}
