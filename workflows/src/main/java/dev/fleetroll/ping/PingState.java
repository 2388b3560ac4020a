package dev.fleetroll.ping;

/** Where a ping is: waiting for a worker's answer, holding for a release, or done. */
public enum PingState {
  PINGING,
  HOLDING,
  DONE
}
