package dev.fleetroll.web;

import java.time.Instant;
import java.util.List;

/**
 * Hosts whose state differs from what is expected, as the drift detection of the inventory finds them.
 * This build has none: {@link NoDrift} says so until one is wired in.
 */
public interface Drift {

  Report report();

  /**
   * @param available whether this build detects drift at all
   * @param message why not, when not available
   */
  record Report(boolean available, String message, List<Finding> findings) {}

  /** One host's drift: its type (the product spec's name), since when, and what was seen. */
  record Finding(String host, String type, Instant since, String detail) {}
}
