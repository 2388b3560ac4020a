package dev.fleetroll.temporal;

/** The Temporal task queues our workers poll. */
public final class TaskQueues {
  /** Workflows and activities of Fleetroll; one queue keeps a small deployment simple. */
  public static final String FLEETROLL = "fleetroll";

  private TaskQueues() {}
}
