package dev.fleetroll.sim.daemon;

/** Names of the daemon's own files in the fleet directory. */
final class DaemonFiles {
  /** pid, control URL and token of the running daemon (mode 600); absent when none runs. */
  static final String STATE = "daemon.json";
  /** The daemon's stdout and stderr. */
  static final String LOG = "daemon.log";

  private DaemonFiles() {}
}
